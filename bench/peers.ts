import { today } from '../src/dates.js';
import { standingOn, type IsoDate } from '../src/domain.js';
import { Random } from '../src/seed/random.js';
import { toCitizen, toIdentityDocument, type PersonSelection } from '../src/sources/civil/mapping.js';
import type { WarnFn } from '../src/sources/registry.js';
import { shuffled, type BenchInputs } from './inputs.js';
import { REQUEST_SEED, type Scenario } from './scenarios.js';

/**
 * The scenarios that set the gateway against PostGraphile v4 and v5 over the bench's civil registry:
 * (A) one citizen by personal number, (B) the first citizens born in one municipality with their
 * identity documents.
 */
export const PEER_SCENARIO_IDS = ['A', 'B'] as const;
export type PeerScenarioId = (typeof PEER_SCENARIO_IDS)[number];

/** Whose GraphQL a request is written in: the gateway's schema, or the one both PostGraphiles derive from the tables. */
export type Dialect = 'gateway' | 'postgraphile';

/** The personal numbers (A) asks for, each once per pass. */
export const PEER_KEYS = 2000;
const SEARCH_PAGE = 100;
// (A) draws its keys from a stream of its own, as each of (a) to (d) does.
const KEY_STREAM = 4;

const GATEWAY_CITIZEN = 'query Citizen($p: PersonalNumber!) { citizen(personalNumber: $p) { firstName lastName dateOfBirth status } }';
const POSTGRAPHILE_CITIZEN = 'query Citizen($p: String!) { personByPersonalNo(personalNo: $p) { firstName lastName birthDate status } }';

const GATEWAY_MUNICIPALITY = `query MunicipalityCitizens($m: Int!) {
  searchCitizens(filter: { municipalityCode: $m }, first: ${SEARCH_PAGE}) {
    nodes { personalNumber firstName lastName documents { number kind expiresOn status } }
  }
}`;
// In the gateway's order: citizens by personal number, each one's documents newest first, then by number.
const POSTGRAPHILE_MUNICIPALITY = `query MunicipalityCitizens($m: Int!) {
  allPeople(condition: { birthMunicipality: $m }, orderBy: [PERSONAL_NO_ASC], first: ${SEARCH_PAGE}) {
    nodes {
      personalNo firstName lastName
      idDocumentsByPersonalNo(orderBy: [ISSUED_ON_DESC, DOC_NO_ASC]) { nodes { docNo docType expiresOn status } }
    }
  }
}`;

/** A person as the PostGraphiles answer, with the columns the scenario asks for. */
interface PostGraphilePerson {
  personalNo?: string;
  firstName: string;
  lastName: string;
  birthDate?: string | null;
  status?: string;
  idDocumentsByPersonalNo?: { nodes: PostGraphileDocument[] };
}

interface PostGraphileDocument {
  docNo: string;
  docType: string;
  expiresOn: string | null;
  status: string;
}

/** One of (A) and (B): the same requests written for the gateway and for the PostGraphiles, and how to compare their answers. */
export interface PeerScenario {
  readonly id: PeerScenarioId;
  readonly title: string;
  readonly queries: Readonly<Record<Dialect, string>>;
  /** What the requests ask for, in the order every server is sent them, again and again. */
  readonly keys: readonly string[];
  /** The request for `key`. */
  body(dialect: Dialect, key: string): string;
  /** The scenario as a server of `dialect` is loaded with it. */
  scenario(dialect: Dialect): Scenario;
  /**
   * The `data` of an answer to the request for `key`, in the gateway's shape: a PostGraphile's
   * legacy codes and field names mapped as the gateway maps them, a document's standing as on `day`.
   */
  answer(dialect: Dialect, data: unknown, key: string, day: IsoDate): unknown;
}

/** Scenarios (A) and (B) over the given inputs. */
export function buildPeerScenarios(inputs: BenchInputs): Record<PeerScenarioId, PeerScenario> {
  const request = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  const keys = shuffled(inputs.personalNumbers, Random.of(REQUEST_SEED, KEY_STREAM)).slice(0, PEER_KEYS);
  return {
    A: peerScenario({
      id: 'A',
      title: `citizen by personal number, ${keys.length.toLocaleString('en')} people in a fixed random order`,
      queries: { gateway: GATEWAY_CITIZEN, postgraphile: POSTGRAPHILE_CITIZEN },
      keys,
      body: (dialect, key) => request(dialect === 'gateway' ? GATEWAY_CITIZEN : POSTGRAPHILE_CITIZEN, { p: key }),
      answer: (dialect, data, key) => (dialect === 'gateway' ? field(data, 'citizen') : postgraphileCitizen(field(data, 'personByPersonalNo'), key)),
      problemWith: (answer) => (answer ? null : 'the citizen is null'),
    }),
    B: peerScenario({
      id: 'B',
      title: `the first ${SEARCH_PAGE} citizens born in municipality ${inputs.municipalityCode}, with their identity documents`,
      queries: { gateway: GATEWAY_MUNICIPALITY, postgraphile: POSTGRAPHILE_MUNICIPALITY },
      keys: [String(inputs.municipalityCode)],
      body: (dialect, key) => request(dialect === 'gateway' ? GATEWAY_MUNICIPALITY : POSTGRAPHILE_MUNICIPALITY, { m: Number(key) }),
      answer: (dialect, data, _key, day) =>
        dialect === 'gateway' ? field(field(data, 'searchCitizens'), 'nodes') : postgraphileMunicipality(field(field(data, 'allPeople'), 'nodes'), day),
      problemWith: (answer) => (Array.isArray(answer) && answer.length === SEARCH_PAGE ? null : `not ${SEARCH_PAGE} citizens`),
    }),
  };
}

/**
 * The paths at which `actual` differs from `expected` ("the answer" for the whole value), an array's
 * items by index; arrays of different lengths differ at their own path. Values are not shown.
 */
export function differingPaths(expected: unknown, actual: unknown, path = ''): string[] {
  const here = path || 'the answer';
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return [`${here} (${actual.length} items, not ${expected.length})`];
    return expected.flatMap((item, index) => differingPaths(item, actual[index], `${path}[${index}]`));
  }
  if (isRecord(expected) && isRecord(actual)) {
    const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...names].flatMap((name) => differingPaths(expected[name], actual[name], path ? `${path}.${name}` : name));
  }
  return Object.is(expected, actual) ? [] : [here];
}

type PeerScenarioParts = Omit<PeerScenario, 'scenario'> & {
  /** What is wrong with an answer in the gateway's shape, or null when it looks right. */
  problemWith(answer: unknown): string | null;
};

function peerScenario({ problemWith, ...parts }: PeerScenarioParts): PeerScenario {
  return {
    ...parts,
    scenario: (dialect) => ({
      id: parts.id,
      title: parts.title,
      query: parts.queries[dialect],
      requests() {
        let next = 0;
        return () => parts.body(dialect, parts.keys[next++ % parts.keys.length]!);
      },
      problemWith: (data) => problemWith(parts.answer(dialect, data, parts.keys[0]!, today())),
    }),
  };
}

// An odd legacy value becomes null on both sides, and the gateway logs it: nothing to add here.
const unheeded: WarnFn = () => {};

// (A): a person's columns as the gateway's citizen.
function postgraphileCitizen(value: unknown, personalNumber: string): unknown {
  if (!isRecord(value)) return value;
  const citizen = toCitizen(personRow(personalNumber, value as unknown as PostGraphilePerson), unheeded);
  return { firstName: citizen.firstName, lastName: citizen.lastName, dateOfBirth: citizen.dateOfBirth, status: citizen.status };
}

// (B): people with their documents as the gateway's citizens, a document's standing as on `day`.
function postgraphileMunicipality(value: unknown, day: IsoDate): unknown {
  if (!Array.isArray(value)) return value;
  return (value as PostGraphilePerson[]).map((person) => {
    const personalNumber = person.personalNo ?? '';
    const citizen = toCitizen(personRow(personalNumber, person), unheeded);
    const documents = (person.idDocumentsByPersonalNo?.nodes ?? []).map((row) => {
      const document = toIdentityDocument(
        { doc_no: row.docNo, personal_no: personalNumber, doc_type: row.docType, issued_on: null, expires_on: row.expiresOn, status: row.status },
        unheeded,
      );
      return { number: document.number, kind: document.kind, expiresOn: document.expiresOn, status: standingOn(document.status, document.expiresOn, day) };
    });
    return { personalNumber: citizen.personalNumber, firstName: citizen.firstName, lastName: citizen.lastName, documents };
  });
}

// The `person` row the gateway would have read, with the columns a PostGraphile answered and no others.
function personRow(personalNumber: string, person: PostGraphilePerson): PersonSelection {
  return {
    personal_no: personalNumber,
    first_name: person.firstName,
    last_name: person.lastName,
    father_name: null,
    sex: null,
    birth_date: person.birthDate ?? null,
    birth_municipality: null,
    marital_status: null,
    status: person.status ?? '',
    death_date: null,
    address_id: null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}
