import type { Logger } from 'pino';
import soap, { type Client } from 'soap';
import type { RegistryResilience } from '../../config.js';
import type { Company, CompanyMembers } from '../../domain.js';
import { chunked, Source } from '../registry.js';
import { listOf, toCompany, toMembers } from './mapping.js';
import type { OwnersAndRepresentatives, SubjectsAnswer } from './messages.js';

/** The most business numbers the service takes in one call: it refuses more. */
export const MAX_NUMBERS_PER_CALL = 50;

// The async forms of the service's operations, as the SOAP client builds them from its WSDL.
interface SubjectsClient extends Client {
  MerrSubjektetAsync(request: { NumriBiznesit: string[] }, options: { timeout: number }): Promise<[SubjectsAnswer | null]>;
  MerrSubjektetSipasPronaritAsync(request: { NumriPersonal: string }, options: { timeout: number }): Promise<[SubjectsAnswer | null]>;
  MerrSubjektetSipasPerfaqesuesitAsync(request: { NumriPersonal: string }, options: { timeout: number }): Promise<[SubjectsAnswer | null]>;
  MerrPronaretDhePerfaqesuesitAsync(request: { NumriBiznesit: string }, options: { timeout: number }): Promise<[OwnersAndRepresentatives | null]>;
}

/**
 * The Kosovo Business Registration Agency's registry, reached through its SOAP web service as other
 * institutions reach it, not through its database: subjects by business number (at most 50 a call),
 * by owner, by representative, and the owners and representatives of one subject. Each operation is a named call,
 * counted and behind the circuit breaker as a database statement is.
 */
export class BusinessRegistry extends Source {
  #client: Promise<SubjectsClient> | null = null;
  // Each HTTP request to the service ends at the registry's timeout, as a statement does.
  readonly #call: { timeout: number };

  constructor(
    /** The service's WSDL; null where none is configured, and every call fails. */
    private readonly wsdlUrl: string | null,
    log: Logger,
    resilience: RegistryResilience,
  ) {
    super('business registry', log, resilience);
    this.#call = { timeout: resilience.statementTimeoutMs };
  }

  get system(): string {
    return 'soap';
  }

  /** The companies with these business numbers (unknown numbers are simply absent): a call per 50. */
  async companiesByNumbers(numbers: readonly string[]): Promise<Company[]> {
    const answers = await Promise.all(
      chunked(numbers, MAX_NUMBERS_PER_CALL).map((chunk) => this.send('MerrSubjektet', async () => (await (await this.client()).MerrSubjektetAsync({ NumriBiznesit: chunk }, this.#call))[0])),
    );
    return answers.flatMap((answer) => listOf(answer?.Subjekti).map((subject) => toCompany(subject, this.warn)));
  }

  /** The companies a person owns in part or whole. */
  companiesOwnedBy(personalNumber: string): Promise<Company[]> {
    return this.#companiesOf('MerrSubjektetSipasPronarit', personalNumber);
  }

  /** The companies a person may sign for. */
  companiesRepresentedBy(personalNumber: string): Promise<Company[]> {
    return this.#companiesOf('MerrSubjektetSipasPerfaqesuesit', personalNumber);
  }

  // A person's companies, by one of the operations that take a personal number.
  async #companiesOf(operation: 'MerrSubjektetSipasPronarit' | 'MerrSubjektetSipasPerfaqesuesit', personalNumber: string): Promise<Company[]> {
    const [answer] = await this.send(operation, async () => (await this.client())[`${operation}Async`]({ NumriPersonal: personalNumber }, this.#call));
    return listOf(answer?.Subjekti).map((subject) => toCompany(subject, this.warn));
  }

  /** Who owns a company and who may sign for it; null for a company the registry does not know. */
  async membersOf(businessNumber: string): Promise<CompanyMembers | null> {
    const answer = await this.send('MerrPronaretDhePerfaqesuesit', async () => {
      try {
        return (await (await this.client()).MerrPronaretDhePerfaqesuesitAsync({ NumriBiznesit: businessNumber }, this.#call))[0] ?? {};
      } catch (error) {
        // The service answers a subject it does not know with a client fault: an answer, not a failure.
        if (clientFault(error)) return null;
        throw error;
      }
    });
    return answer === null ? null : toMembers(answer, this.warn);
  }

  // The client, built from the WSDL on first use; built again after a failure, so that a service down
  // when the gateway starts is reached once it is back. It calls the service where its WSDL was found,
  // whatever address the WSDL names inside the agency's network.
  private client(): Promise<SubjectsClient> {
    const wsdlUrl = this.wsdlUrl;
    if (wsdlUrl === null) return Promise.reject(new Error('no BUSINESS_REGISTRY_URL is configured'));
    this.#client ??= (async () => {
      const client = (await soap.createClientAsync(wsdlUrl, { wsdl_options: this.#call })) as SubjectsClient;
      const { origin, pathname } = new URL(wsdlUrl);
      client.setEndpoint(`${origin}${pathname}`);
      return client;
    })().catch((error: unknown) => {
      this.#client = null;
      throw error;
    });
    return this.#client;
  }
}

// Whether the service refused the request with a SOAP 1.1 client fault.
function clientFault(error: unknown): boolean {
  const fault = (error as { root?: { Envelope?: { Body?: { Fault?: { faultcode?: unknown } } } } }).root?.Envelope?.Body?.Fault;
  return typeof fault?.faultcode === 'string' && /(^|:)Client$/.test(fault.faultcode);
}
