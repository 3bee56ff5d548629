// V8's RangeError for a full call stack: input nested deeper than recursive code (lezer's tree building, a rule) can follow.
export const isStackOverflow = (error: unknown): boolean => error instanceof RangeError && /call stack/i.test(error.message);
