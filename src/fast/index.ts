export { FastAnalyticsEvent, isAnalyticsEvent } from "./event.js";
export { decodeAnalyticsEvent, type EventLinesReport, isAnalyticsEventText, validateEventLines } from "./text.js";
export { type FastPath, fastPathNamed, fastPathOf } from "./types.js";
