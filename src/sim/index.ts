/**
 * The deterministic runtime's public surface. Kafka machines plug in through NodeMachine
 * (src/kafka/step.ts); nothing here knows about Kafka beyond that contract and the trace types.
 */
export { SeededRandom } from './random.js';
export { EventQueue } from './event-queue.js';
export {
  Network,
  defaultNetworkOptions,
  resolveNetworkOptions,
  type NetworkOptions,
  type ResolvedNetworkOptions,
} from './network.js';
export {
  SIM_NODE,
  isSimEvent,
  simEventsOfType,
  type DropReason,
  type SimEvent,
  type SimEventType,
  type SimTraceEvent,
  type SimTraceEventType,
} from './sim-events.js';
export {
  Simulation,
  SimulationError,
  SimulationLimitError,
  type EventListener,
  type ScheduledAction,
  type SimulationOptions,
  type SimulationStats,
  type StepListener,
} from './simulation.js';
export { describeEvent, describeGeneric, formatEvent, formatTrace } from './trace-format.js';
