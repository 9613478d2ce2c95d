/** Exit codes of every command: 0 ok, 1 invalid data, 2 usage error (bad flags, missing files, unknown types). */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/**
 * A mistake in how the command was called (unknown flag, bad value, missing file, unknown
 * type): reported on stderr with the command's name and a pointer to `--help`, exit code 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}
