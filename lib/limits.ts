// The documented limits past which a file is not linted (README "Limits"): the file gets one problem saying
// so, and the run goes on. They bound the memory one file can take; below them time and memory are linear.

/** A notebook or script larger than this is skipped as "too large". */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;

/** A notebook with more cells than this is skipped. */
export const MAX_CELLS = 100_000;

/**
 * A file whose scripts and cells hold more code than this (characters, all of its parsed units together) is not
 * parsed: linting takes ~100 bytes a character of real code and up to ~160 of the densest (`x;x;x;...`: 4 million
 * characters, 630 MB), and past ~15 million such characters the parser's buffer outgrows what V8 allows an array,
 * a fatal error no catch can stop. Files without Azure ML code are never parsed, so a large generated module is not
 * affected.
 */
export const MAX_CODE_CHARS = 4_000_000;

/** Configuration, requirements, conda and pyproject files larger than this are refused. */
export const MAX_SIDE_FILE_BYTES = 4 * 1024 * 1024;
