/**
 * Each CTIM doc's JSON, made once per doc object: the answer budget sizes a
 * sighting by its JSON and the answer then copies that same text, instead of
 * walking the doc to measure it and serialising it again.
 * @module
 */

// Keyed by the doc object: mapped docs are not changed after mapping, so the text stays true.
const made = new WeakMap<object, string>()

/** `JSON.stringify(doc)`, computed at most once for the same doc object. */
export function docJson(doc: object): string {
  let json = made.get(doc)
  if (json === undefined) {
    json = JSON.stringify(doc)
    made.set(doc, json)
  }
  return json
}
