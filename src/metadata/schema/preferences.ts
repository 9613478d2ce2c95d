import * as z from "zod";
import { numberMap, stringMap } from "../../core/maps.js";
import { Timestamp } from "../../core/timestamp.js";

/** Display settings. All free text: the hub validates none of them. */
export const DisplayPreferences = z.object({
  theme: z.string(),
  timezone: z.string(),
  date_format: z.string(),
  number_format: z.string(),
  language: z.string(),
});
export type DisplayPreferences = z.infer<typeof DisplayPreferences>;

export const NotificationChannel = z.object({
  channel_type: z.string().meta({ description: 'Channel kind, free text (e.g. "email", "slack")' }),
  destination: z.string(),
  enabled: z.boolean(),
  event_types: z.array(z.string()).meta({ description: "Event kinds as free strings (not EventType)" }),
});
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationPreferences = z.object({
  email_enabled: z.boolean(),
  in_app_enabled: z.boolean(),
  channels: z.array(NotificationChannel),
  alert_thresholds: numberMap()
    .default(() => ({}))
    .meta({ description: "Metric name → threshold (defaults to {}; null is rejected)" }),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const SavedQuery = z.object({
  query_id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  query: z.string(),
  parameters: stringMap().meta({ description: "Query parameters (required, may be empty)" }),
  created_at: Timestamp,
});
export type SavedQuery = z.infer<typeof SavedQuery>;

/** A user's display, notification and query preferences. */
export const UserPreferences = z
  .object({
    user_id: z.string(),
    display: DisplayPreferences,
    notifications: NotificationPreferences,
    default_filters: stringMap()
      .default(() => ({}))
      .meta({ description: "Default filters (defaults to {}; null is rejected)" }),
    favorite_dashboards: z
      .array(z.string())
      .default(() => [])
      .meta({ description: "Dashboard ids (defaults to []; null is rejected)" }),
    saved_queries: z
      .array(SavedQuery)
      .default(() => [])
      .meta({ description: "Saved queries (defaults to []; null is rejected)" }),
    updated_at: Timestamp,
  })
  .meta({ description: "Preferences of one user of the LLM Analytics Hub" });
export type UserPreferences = z.infer<typeof UserPreferences>;
/** What `UserPreferences.parse` accepts: defaulted maps and lists may be left out. */
export type UserPreferencesInput = z.input<typeof UserPreferences>;
