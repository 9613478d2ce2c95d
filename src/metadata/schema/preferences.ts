import * as z from "zod";
import type { StringMap } from "../../core/maps.js";
import { numberMap, stringMap } from "../../core/maps.js";
import { named } from "../../core/named.js";
import { Timestamp } from "../../core/timestamp.js";

/** Display settings. All free text: the hub validates none of them. */
export const DisplayPreferences = named<DisplayPreferences>()(
  z.object({
    theme: z.string(),
    timezone: z.string(),
    date_format: z.string(),
    number_format: z.string(),
    language: z.string(),
  }),
);
/** Display settings. All free text: the hub validates none of them. */
export type DisplayPreferences = {
  theme: string;
  timezone: string;
  date_format: string;
  number_format: string;
  language: string;
};

export const NotificationChannel = named<NotificationChannel>()(
  z.object({
    channel_type: z.string().meta({ description: 'Channel kind, free text (e.g. "email", "slack")' }),
    destination: z.string(),
    enabled: z.boolean(),
    event_types: z.array(z.string()).meta({ description: "Event kinds as free strings (not EventType)" }),
  }),
);
export type NotificationChannel = {
  /** Channel kind, free text (e.g. "email", "slack") */
  channel_type: string;
  destination: string;
  enabled: boolean;
  /** Event kinds as free strings (not EventType) */
  event_types: string[];
};

export const NotificationPreferences = named<NotificationPreferences>()(
  z.object({
    email_enabled: z.boolean(),
    in_app_enabled: z.boolean(),
    channels: z.array(NotificationChannel),
    alert_thresholds: numberMap()
      .default(() => ({}))
      .meta({ description: "Metric name → threshold (defaults to {}; null is rejected)" }),
  }),
);
export type NotificationPreferences = {
  email_enabled: boolean;
  in_app_enabled: boolean;
  channels: NotificationChannel[];
  /** Metric name → threshold (defaults to {}; null is rejected) */
  alert_thresholds: Record<string, number>;
};

export const SavedQuery = named<SavedQuery>()(
  z.object({
    query_id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    query: z.string(),
    parameters: stringMap().meta({ description: "Query parameters (required, may be empty)" }),
    created_at: Timestamp,
  }),
);
export type SavedQuery = {
  query_id: string;
  name: string;
  description?: string | null | undefined;
  query: string;
  /** Query parameters (required, may be empty) */
  parameters: StringMap;
  created_at: string;
};

/** A user's display, notification and query preferences. */
export const UserPreferences = named<UserPreferences>()(
  z
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
    .meta({ description: "Preferences of one user of the LLM Analytics Hub" }),
);
/** A user's display, notification and query preferences. */
export type UserPreferences = {
  user_id: string;
  display: DisplayPreferences;
  notifications: NotificationPreferences;
  default_filters: StringMap;
  favorite_dashboards: string[];
  saved_queries: SavedQuery[];
  updated_at: string;
};
/** What `UserPreferences.parse` accepts: defaulted maps and lists may be left out. */
export type UserPreferencesInput = z.input<typeof UserPreferences>;
