import type { EchoRequester } from "../baseline/echo-requester.js";
import type { BenchOptions } from "../options.js";
import type { Progress } from "../progress.js";
import type { OnStage } from "../run-stage.js";
import type { SiteConnection } from "../sites/site-connection.js";
import type { BenchSystem } from "../system/bench-system.js";

/** What every scenario runs against. */
export interface ScenarioContext {
  options: BenchOptions;
  system: BenchSystem;
  progress: Progress;
  signal: AbortSignal;
  /** Told when a phase starts sending and when its last purchase was answered or timed out, so an interrupt knows whether it cut one short. */
  onStage: OnStage;
  /** The simulated browsers of steady, max and flood, opened once. */
  sites: readonly SiteConnection[];
  /** The baseline's clients, as many as `sites`; empty without a baseline. */
  echoes: readonly EchoRequester[];
  /** Browsers of the Web-STOMP echo, as many as `sites`; empty without a baseline or without max in the run. */
  webStompEchoes: readonly SiteConnection[];
}
