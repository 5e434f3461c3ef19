/** A path into the file as written: `["pipelines", 0, "stages", 2, "readiness", "timeout"]`. */
export type FieldPath = readonly (string | number)[];

/** One thing wrong with the pipelines file, where it is and what is expected. */
export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** `pipelines[0].stages[2].readiness.timeout`; empty for the whole file. */
  field: string;
  message: string;
}

export function formatField(path: FieldPath): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ""}${p.message}`;
}

/** Every problem of a pipelines file at once, so one edit round fixes them all. */
export class PipelineConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(`Invalid pipelines file ${file} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map(formatProblem).join("\n")}`, options);
    this.name = "PipelineConfigError";
  }
}
