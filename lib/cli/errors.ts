/** An error the user can act on (bad option value, configuration, unwritable output): message only, exit 2. */
export class CliError extends Error {}
