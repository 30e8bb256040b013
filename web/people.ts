import type { Api } from './api.js';

/**
 * People are shown by the child's name and reference, never by a raw id (DESIGN.md 11c). A list of
 * work names its plans by reading each plan once (in parallel); a plan that cannot be read is
 * "A plan you cannot see".
 */
export interface Person {
  reference: string;
  name?: string;
  label: string;
}

export const personLabel = (child: { reference: string; name?: string | undefined }): string =>
  child.name ? `${child.name} (${child.reference})` : child.reference;

export async function peopleOf(api: Api, planIds: Iterable<string>): Promise<Map<string, Person>> {
  const ids = [...new Set(planIds)];
  const answers = await Promise.all(ids.map((id) => api.get(`/v1/plans/${id}`).catch(() => undefined)));
  const out = new Map<string, Person>();
  ids.forEach((id, i) => {
    const child = answers[i]?.status === 200 ? (answers[i]?.body.child as Person | undefined) : undefined;
    out.set(
      id,
      child
        ? {
            reference: child.reference,
            ...(child.name ? { name: child.name } : {}),
            label: personLabel(child),
          }
        : { reference: '', label: 'A plan you cannot see' },
    );
  });
  return out;
}
