// --diff as a format: each file's unified diff (made by the fixer, lib/fix/diff.ts) written in file order. The
// diff keeps its final newline (patch and git apply need it), so stdout's closing newline leaves one blank line.
import type { FormatDefinition } from './formatter.js';

export const diffFormat: FormatDefinition<string> = {
  prepare: (result) => result.diff ?? '',
  open: (_ctx, sink) => ({
    add: (diff) => {
      if (diff) sink.write(diff);
    },
    end: () => [],
  }),
};
