import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/*
 * The compilers the code-generation round trips need, from Debian's packages (installed by
 * .ci/run): golang-go, default-jdk-headless with libjackson2-databind-java, python3. Locally a
 * missing one skips that language with the reason; under CI it is a failure.
 */

export interface Toolchain {
  readonly ok: boolean;
  /** Why the language cannot run, when `ok` is false. */
  readonly reason: string;
  readonly version: string;
}

/** What `command args` prints (`java -version` prints on stderr), or undefined when it cannot run. */
function versionOf(command: string, args: readonly string[]): string | undefined {
  try {
    const result = spawnSync(command, args, { encoding: "utf8" });
    if (result.error !== undefined || result.status !== 0) return undefined;
    return (result.stdout.trim() || result.stderr.trim()).split("\n")[0];
  } catch {
    return undefined;
  }
}

const missing = (reason: string): Toolchain => ({ ok: false, reason, version: "" });

export function goToolchain(): Toolchain {
  const version = versionOf("go", ["version"]);
  if (version === undefined) return missing("go is not installed (Debian package golang-go)");
  return { ok: true, reason: "", version };
}

/** Debian's jars, as libjackson2-databind-java installs them (it pulls in core and annotations). */
export const JACKSON_JARS = ["jackson-databind.jar", "jackson-core.jar", "jackson-annotations.jar"].map((jar) =>
  join("/usr/share/java", jar),
);

export function javaToolchain(): Toolchain {
  const javac = versionOf("javac", ["-version"]);
  if (javac === undefined || versionOf("java", ["-version"]) === undefined) {
    return missing("javac or java is not installed (Debian package default-jdk-headless)");
  }
  const absent = JACKSON_JARS.filter((jar) => !existsSync(jar));
  if (absent.length > 0) return missing(`${absent.join(", ")} missing (Debian package libjackson2-databind-java)`);
  return { ok: true, reason: "", version: javac };
}

export function pythonToolchain(): Toolchain {
  const version = versionOf("python3", ["--version"]);
  if (version === undefined) return missing("python3 is not installed");
  return { ok: true, reason: "", version };
}
