// The generated part of README.md: the text between two HTML comment markers, which Markdown does not show.
export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

/** The text between the markers, or undefined when they are missing or out of order. */
export function readRulesSection(readme: string): string | undefined {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + RULES_START.length, end);
}

/** The README with the text between the markers replaced; throws when the markers are missing. */
export function writeRulesSection(readme: string, section: string): string {
  if (readRulesSection(readme) === undefined) {
    throw new Error(`README.md needs the markers ${RULES_START} and ${RULES_END} (in that order) around the rules.`);
  }
  const start = readme.indexOf(RULES_START) + RULES_START.length;
  return readme.slice(0, start) + section + readme.slice(readme.indexOf(RULES_END));
}
