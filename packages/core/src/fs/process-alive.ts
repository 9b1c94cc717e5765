/**
 * Whether a process with this id exists on this host (signal 0: nothing is sent). A process owned by another user
 * counts as alive (`EPERM`). Used to tell a lock or temp file of a crashed writer from one still in use.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
