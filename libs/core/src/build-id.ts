// Set by the bundle build (tools/build/build.mjs): a hash of every library source and the lockfile.
declare const __GITOPS_BUILD_ID__: string | undefined;

/**
 * An id of the code that runs, for caches of what the code derives from its inputs alone. Undefined when
 * running from sources (tests, tsx): there such caches are off unless a caller passes its own id.
 */
export const BUILD_ID: string | undefined = typeof __GITOPS_BUILD_ID__ === 'string' ? __GITOPS_BUILD_ID__ : undefined;

/** The tool's version (reports name it; `gitops --version` prints it with the build id). */
export const TOOL_VERSION = '0.1.0';
