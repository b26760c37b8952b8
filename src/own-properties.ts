const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The value at a path (dotted, or a list of keys) reading own properties only, so that
 * `__proto__`, `constructor` and the like are never reached through a prototype; undefined
 * where the path stops. Rules, messages and error reports all read records this way.
 */
export function ownValueAt(root: unknown, path: string | ReadonlyArray<PropertyKey>): unknown {
  let data = root;
  for (const key of typeof path === "string" ? path.split(".") : path) {
    if (data === null || data === undefined || !hasOwn.call(data, key)) return undefined;
    data = (data as Record<PropertyKey, unknown>)[key];
  }
  return data;
}
