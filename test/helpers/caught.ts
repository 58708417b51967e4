/** The error `fn` throws (so a test can compare it whole: class and message), or undefined. */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
