import { Random } from '../src/seed/random.js';
import { COMPANIES, PAYROLL_LIST_LENGTH, type BenchInputs } from './inputs.js';
import type { PeerScenarioId } from './peers.js';
import { zipfTable } from './zipf.js';

export const SCENARIO_IDS = ['a', 'b', 'c', 'd', 'e'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** The exponent of the Zipf distribution scenario (a) draws citizens from. */
export const ZIPF_EXPONENT = 1.0;
const SEARCH_PAGE = 100;
// Ten times the people: the Zipf tail is mostly in the cache, as in a gateway that has run a while.
const ZIPF_FILL_PER_PERSON = 10;
// Every plate about five times.
const PLATE_FILL_PER_PLATE = 5;

/** One kind of traffic: the GraphQL requests it sends and what a right answer looks like. */
export interface Scenario {
  readonly id: ScenarioId | PeerScenarioId;
  readonly title: string;
  readonly query: string;
  /** A fresh stream of request bodies: every call starts the same sequence again. */
  requests(): () => string;
  /** Requests that fill a cache before its measured run, where the keys are many. */
  readonly cacheFillRequests?: number;
  /** What is wrong with the `data` of an answer without errors, or null when it looks right. */
  problemWith(data: unknown): string | null;
}

const CITIZEN = 'query Citizen($p: PersonalNumber!) { citizen(personalNumber: $p) { personalNumber firstName lastName dateOfBirth status } }';

const MUNICIPALITY_CITIZENS = `query MunicipalityCitizens($m: Int!) {
  searchCitizens(filter: { municipalityCode: $m }, first: ${SEARCH_PAGE}) {
    nodes {
      personalNumber firstName lastName
      address { street houseNumber settlement { nameSq } municipality { nameSq } }
      documents { kind number expiresOn status }
      vehicles { plate make model }
      drivingLicence { number categories status }
    }
  }
}`;

const VEHICLE = `query Vehicle($plate: String!) {
  vehicle(plate: $plate) { plate make model owner { firstName lastName address { street houseNumber municipality { nameSq } } } }
}`;

const PAYROLL = `query Payroll($numbers: [PersonalNumber!]!) {
  citizens(personalNumbers: $numbers) { personalNumber status firstName lastName address { municipality { code } } }
}`;

const BIDDERS = `query Bidders($numbers: [String!]!) {
  companies(businessNumbers: $numbers) {
    businessNumber name legalForm status registeredOn
    owners { sharePercent person { personalNumber firstName lastName isAlive } company { businessNumber name } }
    representatives { role person { personalNumber firstName lastName } }
  }
}`;

/** The seed of the scenarios' requests: each scenario draws from its own stream of it. */
export const REQUEST_SEED = 7;

/** The five scenarios over the given inputs. */
export function buildScenarios(inputs: BenchInputs): Record<ScenarioId, Scenario> {
  const zipf = zipfTable(inputs.personalNumbers, ZIPF_EXPONENT);
  const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  const municipalityBody = body(MUNICIPALITY_CITIZENS, { m: inputs.municipalityCode });
  const payrollBodies = inputs.payrollLists.map((numbers) => body(PAYROLL, { numbers }));
  const biddersBody = body(BIDDERS, { numbers: inputs.businessNumbers });
  return {
    a: {
      id: 'a',
      title: `citizen by personal number, Zipf (s = ${ZIPF_EXPONENT.toFixed(1)}) over ${inputs.personalNumbers.length.toLocaleString('en')} people`,
      query: CITIZEN,
      cacheFillRequests: ZIPF_FILL_PER_PERSON * inputs.personalNumbers.length,
      requests() {
        const random = Random.of(REQUEST_SEED, 0);
        return () => body(CITIZEN, { p: random.weighted(zipf) });
      },
      problemWith: (data) => (field(data, 'citizen') ? null : 'citizen is null'),
    },
    b: {
      id: 'b',
      title: `the ${SEARCH_PAGE} citizens of municipality ${inputs.municipalityCode} with address, documents, vehicles, licence`,
      query: MUNICIPALITY_CITIZENS,
      requests: () => () => municipalityBody,
      problemWith(data) {
        const nodes = field(field(data, 'searchCitizens'), 'nodes');
        return Array.isArray(nodes) && nodes.length === SEARCH_PAGE ? null : `searchCitizens did not return ${SEARCH_PAGE} citizens`;
      },
    },
    c: {
      id: 'c',
      title: `vehicle by plate with owner and owner's address, uniform over ${inputs.plates.length.toLocaleString('en')} plates`,
      query: VEHICLE,
      cacheFillRequests: PLATE_FILL_PER_PLATE * inputs.plates.length,
      requests() {
        const random = Random.of(REQUEST_SEED, 2);
        return () => body(VEHICLE, { plate: random.pick(inputs.plates) });
      },
      problemWith: (data) => (field(field(data, 'vehicle'), 'owner') ? null : 'vehicle or its owner is null'),
    },
    d: {
      id: 'd',
      title: `payroll check: ${payrollBodies.length} lists of ${PAYROLL_LIST_LENGTH} personal numbers in rotation`,
      query: PAYROLL,
      requests() {
        let next = 0;
        return () => payrollBodies[next++ % payrollBodies.length]!;
      },
      problemWith(data) {
        const citizens = field(data, 'citizens');
        return Array.isArray(citizens) && citizens.length === PAYROLL_LIST_LENGTH && citizens.every(Boolean)
          ? null
          : `citizens did not return ${PAYROLL_LIST_LENGTH} known citizens`;
      },
    },
    e: {
      id: 'e',
      title: `procurement's bidder check: ${COMPANIES} companies from the business registry's web service, with owners and representatives`,
      query: BIDDERS,
      requests: () => () => biddersBody,
      problemWith(data) {
        const companies = field(data, 'companies');
        return Array.isArray(companies) && companies.length === COMPANIES && companies.every(Boolean) ? null : `companies did not return ${COMPANIES} known companies`;
      },
    },
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
