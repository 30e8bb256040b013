/**
 * JSON.parse keeps the last of two equal keys, so `{"amount":"1.00","amount":"99999.00"}` would be
 * decided as 99999.00 while a log, a proxy or a reviewer reads 1.00. The body parser refuses such a
 * body (DESIGN.md section 11a): this finds the first key repeated inside one object of a text
 * JSON.parse has already accepted, comparing keys as decoded (`"\u0061"` is `"a"`).
 */
export function duplicateKey(text: string): { path: string; key: string } | undefined {
  // One frame per open container: the keys an object has met so far (null for an array), and
  // the key or index under which it sits, for the error's path.
  const frames: Array<{ keys: Set<string> | null; name: string }> = [];
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      frames.push({ keys: ch === '{' ? new Set() : null, name: lastKey });
      lastKey = '';
    } else if (ch === '}' || ch === ']') {
      frames.pop();
    } else if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      let next = end + 1;
      while (next < text.length && /\s/.test(text[next] ?? '')) next++;
      const top = frames.at(-1);
      if (text[next] === ':' && top?.keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          const path = [...frames.map((f) => f.name).filter(Boolean), key].join('.');
          return { path, key };
        }
        top.keys.add(key);
        lastKey = key;
      }
      i = end;
    }
  }
  return undefined;
}
