// Runs `bench/validator.ts` (the validator alone) in its own process and reads its figures from its output.
import { execFile } from 'node:child_process';

export interface ValidatorFigures {
  medianUs: number;
  p99Us: number;
  cachedPerSecond: number;
  /** The validator bench's own targets (median <= 5 µs, p99 <= 100 µs, >= 1 M/s cached) all met. */
  targetsMet: boolean;
}

/** Reads the three figure lines `bench/validator.ts` prints; NaN for one it did not print. */
export function parseValidatorOutput(text: string): Omit<ValidatorFigures, 'targetsMet'> {
  const num = (re: RegExp) => Number(re.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
  return {
    medianUs: num(/uncached median\s+([\d.]+) µs/),
    p99Us: num(/uncached p99\s+([\d.]+) µs/),
    cachedPerSecond: num(/cached throughput\s+([\d,]+) commands\/s/),
  };
}

export function validatorFigures(): Promise<ValidatorFigures> {
  return new Promise((resolve, reject) => {
    // It bounds itself to 25 s; the timeout is a backstop. Exit 1 only means one of its own targets was missed.
    execFile(process.execPath, ['--import', 'tsx', 'bench/validator.ts'], { timeout: 60_000 }, (err, stdout) => {
      const figures = parseValidatorOutput(stdout);
      if (Number.isNaN(figures.medianUs)) return reject(new Error(`validator bench printed no figures: ${err?.message ?? stdout}`));
      resolve({ ...figures, targetsMet: !err });
    });
  });
}
