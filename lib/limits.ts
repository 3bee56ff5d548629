// The documented limits past which a file is not linted (README "Limits"): the file gets one problem saying
// so, and the run goes on. They bound the memory one file can take; below them time and memory are linear.

/** A notebook or script larger than this is skipped as "too large". */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;

/** A notebook with more cells than this is skipped. */
export const MAX_CELLS = 100_000;

/** Configuration, requirements, conda and pyproject files larger than this are refused. */
export const MAX_SIDE_FILE_BYTES = 4 * 1024 * 1024;
