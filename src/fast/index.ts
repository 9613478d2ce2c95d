export { FastAnalyticsEvent, isAnalyticsEvent } from "./event.js";
export { decodeAnalyticsEvent, type EventLinesReport, isAnalyticsEventText, validateEventLines } from "./text.js";
export { type FastPath, fastPathOf, fastPathOfSchema } from "./types.js";
