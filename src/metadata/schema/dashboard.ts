import * as z from "zod";
import { f64, u32 } from "../../core/integers.js";
import { jsonMap, stringMap } from "../../core/maps.js";
import { externalEnum } from "../../core/tagging.js";
import { Timestamp } from "../../core/timestamp.js";
import { OwnerInfo } from "./common.js";

export const LAYOUT_TYPES = ["grid", "flex", "fixed"] as const;
export const LayoutType = z.enum(LAYOUT_TYPES);
export type LayoutType = z.infer<typeof LayoutType>;

export const DashboardLayout = z.object({
  layout_type: LayoutType,
  columns: u32(),
  row_height: u32(),
});
export type DashboardLayout = z.infer<typeof DashboardLayout>;

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
export const WidgetType = externalEnum("WidgetType", WIDGET_TYPES, "custom", z.string());
export type WidgetType = z.infer<typeof WidgetType>;

export const WidgetPosition = z.object({
  x: u32(),
  y: u32(),
  width: u32(),
  height: u32(),
});
export type WidgetPosition = z.infer<typeof WidgetPosition>;

export const DATA_SOURCE_TYPES = ["metrics", "events", "logs", "custom"] as const;
/** Where a widget's data comes from. `custom` is a plain unit variant here, written `"custom"`. */
export const DataSourceType = z.enum(DATA_SOURCE_TYPES);
export type DataSourceType = z.infer<typeof DataSourceType>;

export const DataSourceConfig = z.object({
  source_type: DataSourceType,
  query: z.string(),
  refresh_interval: u32().nullish().meta({ description: "Seconds; overrides the dashboard's interval" }),
  parameters: stringMap()
    .default(() => ({}))
    .meta({ description: "Query parameters (defaults to {}; null is rejected)" }),
});
export type DataSourceConfig = z.infer<typeof DataSourceConfig>;

export const AxisConfig = z.object({
  label: z.string(),
  scale: z.string().meta({ description: 'Scale name, free text (e.g. "linear", "log")' }),
  min: f64().nullish(),
  max: f64().nullish(),
});
export type AxisConfig = z.infer<typeof AxisConfig>;

export const AxesConfig = z.object({
  x_axis: AxisConfig,
  y_axis: AxisConfig,
});
export type AxesConfig = z.infer<typeof AxesConfig>;

export const VisualizationConfig = z.object({
  options: jsonMap()
    .default(() => ({}))
    .meta({ description: "Renderer options (defaults to {}; null is rejected)" }),
  color_scheme: z.string().nullish(),
  show_legend: z.boolean(),
  axes: AxesConfig.nullish(),
});
export type VisualizationConfig = z.infer<typeof VisualizationConfig>;

export const Widget = z.object({
  widget_id: z.string(),
  title: z.string(),
  widget_type: WidgetType,
  position: WidgetPosition,
  data_source: DataSourceConfig,
  visualization: VisualizationConfig,
  settings: jsonMap()
    .default(() => ({}))
    .meta({ description: "Widget settings (defaults to {}; null is rejected)" }),
});
export type Widget = z.infer<typeof Widget>;

export const VISIBILITIES = ["public", "private", "shared"] as const;
export const Visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof Visibility>;

export const VisibilitySettings = z.object({
  visibility: Visibility,
  shared_with: z
    .array(z.string())
    .default(() => [])
    .meta({ description: "User ids (defaults to []; null is rejected)" }),
  shared_with_teams: z
    .array(z.string())
    .default(() => [])
    .meta({ description: "Team ids (defaults to []; null is rejected)" }),
});
export type VisibilitySettings = z.infer<typeof VisibilitySettings>;

/** A dashboard: layout, widgets and who may see it. */
export const DashboardConfig = z
  .object({
    dashboard_id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    layout: DashboardLayout,
    widgets: z.array(Widget),
    refresh_interval: u32().meta({ description: "Refresh interval in seconds" }),
    default_time_range: z.string().meta({ description: 'Free-text duration, e.g. "24h" (never parsed by the hub)' }),
    owner: OwnerInfo,
    visibility: VisibilitySettings,
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ description: "A dashboard of the LLM Analytics Hub" });
export type DashboardConfig = z.infer<typeof DashboardConfig>;
/** What `DashboardConfig.parse` accepts: defaulted maps and lists may be left out. */
export type DashboardConfigInput = z.input<typeof DashboardConfig>;
