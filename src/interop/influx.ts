export {
  type ContinuousQueryStatementOptions,
  continuousQueryStatement,
  type InfluxQLTarget,
  quoteIdentifier,
  quoteString,
  type RetentionStatementOptions,
  retentionPolicyStatements,
  toInfluxQL,
} from "./influx/influxql.js";
export {
  LINE_PROTOCOL_MAX_NS,
  LINE_PROTOCOL_MIN_NS,
  LINE_PROTOCOL_PRECISIONS,
  type LineProtocolPrecision,
  type ParseLineProtocolOptions,
  parseLineProtocol,
  type ToLineProtocolOptions,
  toLineProtocol,
} from "./influx/line-protocol.js";
