import * as z from "zod";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { numberMap, stringMap } from "../../core/maps.js";
import { named } from "../../core/named.js";
import { Timestamp } from "../../core/timestamp.js";

/** Display settings. All free text: the hub validates none of them. */
export const DisplayPreferences = lazySchema(() =>
  named<DisplayPreferences>()(
    z.object(
      lazyFields({
        get theme() {
          return z.string();
        },
        get timezone() {
          return z.string();
        },
        get date_format() {
          return z.string();
        },
        get number_format() {
          return z.string();
        },
        get language() {
          return z.string();
        },
      }),
    ),
  ),
);
/** Display settings. All free text: the hub validates none of them. */
export type DisplayPreferences = {
  theme: string;
  timezone: string;
  date_format: string;
  number_format: string;
  language: string;
};

export const NotificationChannel = lazySchema(() =>
  named<NotificationChannel>()(
    z.object(
      lazyFields({
        get channel_type() {
          return z.string().meta({ description: 'Channel kind, free text (e.g. "email", "slack")' });
        },
        get destination() {
          return z.string();
        },
        get enabled() {
          return z.boolean();
        },
        get event_types() {
          return z.array(z.string()).meta({ description: "Event kinds as free strings (not EventType)" });
        },
      }),
    ),
  ),
);
export type NotificationChannel = {
  /** Channel kind, free text (e.g. "email", "slack") */
  channel_type: string;
  destination: string;
  enabled: boolean;
  /** Event kinds as free strings (not EventType) */
  event_types: string[];
};

export const NotificationPreferences = lazySchema(() =>
  named<NotificationPreferences>()(
    z.object(
      lazyFields({
        get email_enabled() {
          return z.boolean();
        },
        get in_app_enabled() {
          return z.boolean();
        },
        get channels() {
          return z.array(NotificationChannel);
        },
        get alert_thresholds() {
          return numberMap()
            .default(() => ({}))
            .meta({ description: "Metric name → threshold (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
export type NotificationPreferences = {
  email_enabled: boolean;
  in_app_enabled: boolean;
  channels: NotificationChannel[];
  /** Metric name → threshold (defaults to {}; null is rejected) */
  alert_thresholds: Record<string, number>;
};

export const SavedQuery = lazySchema(() =>
  named<SavedQuery>()(
    z.object(
      lazyFields({
        get query_id() {
          return z.string();
        },
        get name() {
          return z.string();
        },
        get description() {
          return z.string().nullish();
        },
        get query() {
          return z.string();
        },
        get parameters() {
          return stringMap().meta({ description: "Query parameters (required, may be empty)" });
        },
        created_at: Timestamp,
      }),
    ),
  ),
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
export const UserPreferences = lazySchema(() =>
  named<UserPreferences>()(
    z
      .object(
        lazyFields({
          get user_id() {
            return z.string();
          },
          display: DisplayPreferences,
          notifications: NotificationPreferences,
          get default_filters() {
            return stringMap()
              .default(() => ({}))
              .meta({ description: "Default filters (defaults to {}; null is rejected)" });
          },
          get favorite_dashboards() {
            return z
              .array(z.string())
              .default(() => [])
              .meta({ description: "Dashboard ids (defaults to []; null is rejected)" });
          },
          get saved_queries() {
            return z
              .array(SavedQuery)
              .default(() => [])
              .meta({ description: "Saved queries (defaults to []; null is rejected)" });
          },
          updated_at: Timestamp,
        }),
      )
      .meta({ description: "Preferences of one user of the LLM Analytics Hub" }),
  ),
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
