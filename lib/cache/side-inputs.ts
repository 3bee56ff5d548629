// What a file's problems depend on besides its own text: the environment files next to it (requirements*.txt,
// conda files, the nearest pyproject.toml, `-r` includes), the names in its folder, and the project model's answers
// about jobs (which controllers submit this script, whether a submitted script logs with MLflow). The readers note
// each such input while a file is linted; --cache stores a digest of each with the file's result and reuses the
// result only while every digest is unchanged.
import { readdirSync } from 'node:fs';
import { MAX_SIDE_FILE_BYTES } from '../limits.js';
import { readTextFileSync } from '../safe-read.js';
import type { ProjectModel } from '../types.js';

/** `file:<abs>` (its content), `listing:<abs dir>` (the names there that can declare packages), `submitters:<abs>` / `tracks:<abs>` (project answers). */
export type SideInput = `${'file' | 'listing' | 'submitters' | 'tracks'}:${string}`;

let noting: Set<SideInput> | null = null;

/** Called by the readers: this input was consulted (nothing happens unless some caller is recording). */
export function noteSideInputs(...inputs: readonly SideInput[]): void {
  if (noting) for (const input of inputs) noting.add(input);
}

/**
 * Runs `compute` and returns what it noted as well; an enclosing recording gets the inputs too. Memoised readers
 * keep the inputs with their value and note them again on every hit.
 */
export function recordSideInputs<T>(compute: () => T): { value: T; inputs: SideInput[] } {
  const recording = startRecording();
  try {
    return { value: compute(), inputs: [...recording.inputs] };
  } finally {
    recording.stop();
  }
}

/** The same for an asynchronous step (the lint of one file: one file at a time per thread, so nothing interleaves). */
export async function recordSideInputsAsync<T>(compute: () => Promise<T>): Promise<{ value: T; inputs: SideInput[] }> {
  const recording = startRecording();
  try {
    return { value: await compute(), inputs: [...recording.inputs] };
  } finally {
    recording.stop();
  }
}

function startRecording(): { inputs: Set<SideInput>; stop(): void } {
  const outer = noting;
  const inputs = new Set<SideInput>();
  noting = inputs;
  return {
    inputs,
    stop() {
      noting = outer;
      if (outer) for (const input of inputs) outer.add(input);
    },
  };
}

/** Digests of side inputs as they are now, each computed once per run (a folder's requirements.txt serves all its notebooks). */
export class SideInputDigests {
  private readonly digests = new Map<SideInput, string>();

  constructor(private readonly project: () => ProjectModel | null) {}

  of(input: SideInput): string {
    let digest = this.digests.get(input);
    if (digest === undefined) {
      digest = this.compute(input);
      this.digests.set(input, digest);
    }
    return digest;
  }

  /** The digests to store with a result. */
  all(inputs: readonly SideInput[]): Record<string, string> {
    return Object.fromEntries([...inputs].sort().map((input) => [input, this.of(input)]));
  }

  /** Whether every stored digest is still the current one. */
  unchanged(stored: Record<string, string>): boolean {
    return Object.entries(stored).every(([input, digest]) => this.of(input as SideInput) === digest);
  }

  private compute(input: SideInput): string {
    const at = input.indexOf(':');
    const kind = input.slice(0, at);
    const target = input.slice(at + 1);
    if (kind === 'file') {
      const text = readTextFileSync(target, MAX_SIDE_FILE_BYTES);
      return text === null ? 'absent' : sha1(text);
    }
    if (kind === 'listing') {
      try {
        return sha1(readdirSync(target).filter((name) => DECLARING_NAME.test(name)).sort().join('\n'));
      } catch {
        return 'absent';
      }
    }
    const project = this.project();
    // Without a project model (a file linted on its own) the answer cannot be checked: never equal to a stored one.
    if (!project) return 'unknown';
    if (kind === 'submitters') return JSON.stringify([...project.submittersOf(target)].sort());
    return JSON.stringify(project.scriptTracks(target));
  }
}

/** The names in a folder that can declare packages (a new notebook there, or the cache file, changes nothing). */
const DECLARING_NAME = /^requirements.*\.txt$|\.ya?ml$|^pyproject\.toml$/i;

// node:crypto is loaded on first use: the project model imports this module on every run, only --cache digests.
const sha1 = (text: string): string => process.getBuiltinModule('node:crypto').createHash('sha1').update(text).digest('hex');
