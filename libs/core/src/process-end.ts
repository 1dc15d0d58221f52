// Work a process does when it ends: write caches built during the run, remove shared temporary checkouts.
// On a normal exit the hooks run from process 'exit'; a host that ends the process itself (Nx kills its
// batch workers with SIGTERM, which skips 'exit') calls runProcessEndHooks() when its work is done.
const hooks = new Set<() => void>();
let installed = false;

export function atProcessEnd(hook: () => void): void {
  hooks.add(hook);
  if (!installed) {
    installed = true;
    process.once('exit', runProcessEndHooks);
  }
}

/** Runs every pending hook once (synchronously; a failing hook does not stop the others). */
export function runProcessEndHooks(): void {
  for (const hook of [...hooks]) {
    hooks.delete(hook);
    try {
      hook();
    } catch {
      // best effort: caches and temporary files only
    }
  }
}
