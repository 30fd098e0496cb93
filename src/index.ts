/**
 * portclash as a library: the emulator (pure), the text formats it reads and writes, and the report renderers.
 * @module
 */
export * from './core/index.js';
export { renderConntrackList, renderConntrackListLine } from './formats/conntrack/render-conntrack-list.js';
export { renderConntrackStats } from './formats/conntrack/render-conntrack-stats.js';
export { renderProcNetStatConntrack } from './formats/conntrack/render-proc-net-stat-conntrack.js';
export { parseScenarioText } from './formats/scenario/parse-scenario-text.js';
export { validateScenario } from './formats/scenario/validate-scenario.js';
export { renderSimulateTable } from './report/render-simulate-table.js';
export { renderVerdict } from './report/render-verdict.js';
