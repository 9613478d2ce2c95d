import * as z from "zod";
import { f64, u32 } from "../../core/integers.js";
import type { JsonValue } from "../../core/json-value.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { jsonMap, stringMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { externalEnum } from "../../core/tagging.js";
import { Timestamp } from "../../core/timestamp.js";
import { OwnerInfo } from "./common.js";

export const LAYOUT_TYPES = ["grid", "flex", "fixed"] as const;
export const LayoutType = lazySchema(() => z.enum(LAYOUT_TYPES));
export type LayoutType = z.infer<typeof LayoutType>;

export const DashboardLayout = lazySchema(() =>
  named<DashboardLayout>()(
    z.object(
      lazyFields({
        layout_type: LayoutType,
        get columns() {
          return u32();
        },
        get row_height() {
          return u32();
        },
      }),
    ),
  ),
);
export type DashboardLayout = {
  layout_type: LayoutType;
  columns: number;
  row_height: number;
};

export const WIDGET_TYPES = [
  "line_chart",
  "bar_chart",
  "pie_chart",
  "table",
  "stat",
  "heatmap",
  "gauge",
  "timeline",
  "graph",
] as const;
/** The kind of widget, or `{"custom": "..."}` (a bare `"custom"` is rejected, as in the hub). */
export const WidgetType = lazySchema(() =>
  namedUnion<WidgetType>()(externalEnum("WidgetType", WIDGET_TYPES, "custom", z.string())),
);
/** The kind of widget, or `{"custom": "..."}` (a bare `"custom"` is rejected, as in the hub). */
export type WidgetType =
  | "line_chart"
  | "bar_chart"
  | "pie_chart"
  | "table"
  | "stat"
  | "heatmap"
  | "gauge"
  | "timeline"
  | "graph"
  | {
      custom: string;
    };

export const WidgetPosition = lazySchema(() =>
  named<WidgetPosition>()(
    z.object(
      lazyFields({
        get x() {
          return u32();
        },
        get y() {
          return u32();
        },
        get width() {
          return u32();
        },
        get height() {
          return u32();
        },
      }),
    ),
  ),
);
export type WidgetPosition = {
  x: number;
  y: number;
  width: number;
  height: number;
};

export const DATA_SOURCE_TYPES = ["metrics", "events", "logs", "custom"] as const;
/** Where a widget's data comes from. `custom` is a plain unit variant here, written `"custom"`. */
export const DataSourceType = lazySchema(() => z.enum(DATA_SOURCE_TYPES));
export type DataSourceType = z.infer<typeof DataSourceType>;

export const DataSourceConfig = lazySchema(() =>
  named<DataSourceConfig>()(
    z.object(
      lazyFields({
        source_type: DataSourceType,
        get query() {
          return z.string();
        },
        get refresh_interval() {
          return u32().nullish().meta({ description: "Seconds; overrides the dashboard's interval" });
        },
        get parameters() {
          return stringMap()
            .default(() => ({}))
            .meta({ description: "Query parameters (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
export type DataSourceConfig = {
  source_type: DataSourceType;
  query: string;
  /** Seconds; overrides the dashboard's interval */
  refresh_interval?: number | null | undefined;
  /** Query parameters (defaults to {}; null is rejected) */
  parameters: StringMap;
};

export const AxisConfig = lazySchema(() =>
  named<AxisConfig>()(
    z.object(
      lazyFields({
        get label() {
          return z.string();
        },
        get scale() {
          return z.string().meta({ description: 'Scale name, free text (e.g. "linear", "log")' });
        },
        get min() {
          return f64().nullish();
        },
        get max() {
          return f64().nullish();
        },
      }),
    ),
  ),
);
export type AxisConfig = {
  label: string;
  /** Scale name, free text (e.g. "linear", "log") */
  scale: string;
  min?: number | null | undefined;
  max?: number | null | undefined;
};

export const AxesConfig = lazySchema(() =>
  named<AxesConfig>()(
    z.object({
      x_axis: AxisConfig,
      y_axis: AxisConfig,
    }),
  ),
);
export type AxesConfig = {
  x_axis: AxisConfig;
  y_axis: AxisConfig;
};

export const VisualizationConfig = lazySchema(() =>
  named<VisualizationConfig>()(
    z.object(
      lazyFields({
        get options() {
          return jsonMap()
            .default(() => ({}))
            .meta({ description: "Renderer options (defaults to {}; null is rejected)" });
        },
        get color_scheme() {
          return z.string().nullish();
        },
        get show_legend() {
          return z.boolean();
        },
        get axes() {
          return AxesConfig.nullish();
        },
      }),
    ),
  ),
);
export type VisualizationConfig = {
  /** Renderer options (defaults to {}; null is rejected) */
  options: Record<string, JsonValue>;
  color_scheme?: string | null | undefined;
  show_legend: boolean;
  axes?: AxesConfig | null | undefined;
};

export const Widget = lazySchema(() =>
  named<Widget>()(
    z.object(
      lazyFields({
        get widget_id() {
          return z.string();
        },
        get title() {
          return z.string();
        },
        widget_type: WidgetType,
        position: WidgetPosition,
        data_source: DataSourceConfig,
        visualization: VisualizationConfig,
        get settings() {
          return jsonMap()
            .default(() => ({}))
            .meta({ description: "Widget settings (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
export type Widget = {
  widget_id: string;
  title: string;
  widget_type: WidgetType;
  position: WidgetPosition;
  data_source: DataSourceConfig;
  visualization: VisualizationConfig;
  /** Widget settings (defaults to {}; null is rejected) */
  settings: Record<string, JsonValue>;
};

export const VISIBILITIES = ["public", "private", "shared"] as const;
export const Visibility = lazySchema(() => z.enum(VISIBILITIES));
export type Visibility = z.infer<typeof Visibility>;

export const VisibilitySettings = lazySchema(() =>
  named<VisibilitySettings>()(
    z.object(
      lazyFields({
        visibility: Visibility,
        get shared_with() {
          return z
            .array(z.string())
            .default(() => [])
            .meta({ description: "User ids (defaults to []; null is rejected)" });
        },
        get shared_with_teams() {
          return z
            .array(z.string())
            .default(() => [])
            .meta({ description: "Team ids (defaults to []; null is rejected)" });
        },
      }),
    ),
  ),
);
export type VisibilitySettings = {
  visibility: Visibility;
  /** User ids (defaults to []; null is rejected) */
  shared_with: string[];
  /** Team ids (defaults to []; null is rejected) */
  shared_with_teams: string[];
};

/** A dashboard: layout, widgets and who may see it. */
export const DashboardConfig = lazySchema(() =>
  named<DashboardConfig>()(
    z
      .object(
        lazyFields({
          get dashboard_id() {
            return z.string();
          },
          get name() {
            return z.string();
          },
          get description() {
            return z.string().nullish();
          },
          layout: DashboardLayout,
          get widgets() {
            return z.array(Widget);
          },
          get refresh_interval() {
            return u32().meta({ description: "Refresh interval in seconds" });
          },
          get default_time_range() {
            return z.string().meta({ description: 'Free-text duration, e.g. "24h" (never parsed by the hub)' });
          },
          owner: OwnerInfo,
          visibility: VisibilitySettings,
          created_at: Timestamp,
          updated_at: Timestamp,
        }),
      )
      .meta({ description: "A dashboard of the LLM Analytics Hub" }),
  ),
);
/** A dashboard: layout, widgets and who may see it. */
export type DashboardConfig = {
  dashboard_id: string;
  name: string;
  layout: DashboardLayout;
  widgets: Widget[];
  refresh_interval: number;
  default_time_range: string;
  owner: OwnerInfo;
  visibility: VisibilitySettings;
  created_at: string;
  updated_at: string;
  description?: string | null | undefined;
};
/** What `DashboardConfig.parse` accepts: defaulted maps and lists may be left out. */
export type DashboardConfigInput = z.input<typeof DashboardConfig>;
