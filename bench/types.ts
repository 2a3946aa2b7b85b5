/** One benchmark goal, as ../shared/bench-format.md describes (ids are stable: append, never rename). */
export interface Goal {
  id: string;
  value: number;
  op: '<=' | '>=';
  target: number;
  unit: string;
  spread: [number, number];
  n: number;
}

export interface SuiteResult {
  goals: Goal[];
  runs: unknown[];
}

export interface SuiteContext {
  rounds: number;
  /** Absolute path of the built Chrome extension (dist/chrome). */
  chromeDist: string;
  /** Absolute path of the Firefox test build (dist/firefox-test: its panel page is reachable from 127.0.0.1). */
  firefoxTestDist: string;
  log: (line: string) => void;
}

/** A suite lives in bench/suites/<name>.ts and default-exports this. */
export type Suite = (ctx: SuiteContext) => Promise<SuiteResult>;
