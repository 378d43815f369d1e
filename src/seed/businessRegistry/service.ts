import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import soap from 'soap';
import { projectFile } from '../../projectFiles.js';
import { connect } from '../../sources/engine.js';
import type { BusinessRegistryDatabase, SubjektiRow } from './rows.js';

/** Where the service answers; its WSDL is at this path with `?wsdl`. */
export const SERVICE_PATH = '/ws/subjektet';
/** The most business numbers one call may ask for, as the service enforces. */
export const MAX_NUMBERS_PER_CALL = 50;

const WSDL_FILE = projectFile('src', 'seed', 'businessRegistry', 'subjektet.wsdl');

/** A running stand-in of the business registry's web service. */
export interface BusinessRegistryService {
  /** The WSDL's URL: what the gateway's BUSINESS_REGISTRY_URL names. */
  readonly wsdlUrl: string;
  close(): Promise<void>;
}

// A SOAP 1.1 fault, as the service answers a request it refuses.
function fault(message: string): { Fault: { faultcode: string; faultstring: string } } {
  return { Fault: { faultcode: 'soap:Client', faultstring: message } };
}

/**
 * Serves the business registry's database as the agency's web service does: SOAP 1.1 over HTTP with
 * its WSDL, four operations, at most 50 numbers a call, a fault for a subject it does not know. A
 * stand-in for development and tests; the gateway knows only its WSDL's URL.
 */
export async function startBusinessRegistryService(databaseUrl: string, options: { port?: number; host?: string } = {}): Promise<BusinessRegistryService> {
  const { db } = connect<BusinessRegistryDatabase>(databaseUrl, { poolSize: 2 });
  const subjects = (numbers: readonly string[]) =>
    numbers.length === 0 ? Promise.resolve([]) : db.selectFrom('subjekti').selectAll().where('nr_biznesit', 'in', numbers).orderBy('nr_biznesit').execute();
  const operations = {
    async MerrSubjektet(args: { NumriBiznesit?: string | string[] }) {
      const numbers = [args.NumriBiznesit ?? []].flat();
      if (numbers.length > MAX_NUMBERS_PER_CALL) throw fault(`Lejohen më së shumti ${MAX_NUMBERS_PER_CALL} numra biznesi për thirrje`);
      return { Subjekti: (await subjects(numbers)).map(subjectOf) };
    },
    async MerrSubjektetSipasPronarit(args: { NumriPersonal?: string }) {
      const owned = await db.selectFrom('pronari').select('nr_biznesit').where('lloji', '=', 'F').where('nr_pronarit', '=', String(args.NumriPersonal ?? '')).execute();
      return { Subjekti: (await subjects(owned.map((row) => row.nr_biznesit))).map(subjectOf) };
    },
    async MerrSubjektetSipasPerfaqesuesit(args: { NumriPersonal?: string }) {
      const represented = await db.selectFrom('perfaqesuesi').select('nr_biznesit').where('nr_personal', '=', String(args.NumriPersonal ?? '')).execute();
      return { Subjekti: (await subjects(represented.map((row) => row.nr_biznesit))).map(subjectOf) };
    },
    async MerrPronaretDhePerfaqesuesit(args: { NumriBiznesit?: string }) {
      const number = String(args.NumriBiznesit ?? '');
      const [subject] = await subjects([number]);
      if (!subject) throw fault(`Subjekti me numër ${number} nuk ekziston`);
      const [owners, representatives] = await Promise.all([
        db.selectFrom('pronari').selectAll().where('nr_biznesit', '=', number).execute(),
        db.selectFrom('perfaqesuesi').selectAll().where('nr_biznesit', '=', number).execute(),
      ]);
      return {
        Pronari: owners.map((owner) => ({ LlojiPronarit: owner.lloji === 'J' ? 'JURIDIK' : 'FIZIK', NumriPronarit: owner.nr_pronarit.trim(), Pjesa: owner.pjesa })),
        Perfaqesuesi: representatives.map((representative) => ({ NumriPersonal: representative.nr_personal.trim(), Roli: representative.roli })),
      };
    },
  };

  const server = http.createServer((request, response) => {
    // What is not the service is not found; the SOAP listener answers its own path.
    if (!request.url?.startsWith(SERVICE_PATH)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}${SERVICE_PATH}`;
  const wsdl = (await readFile(WSDL_FILE, 'utf8')).replace('SERVICE_ADDRESS', endpoint);
  soap.listen(server, { path: SERVICE_PATH, services: { RegjistriBiznesit: { SubjektetPort: operations } }, xml: wsdl, suppressStack: true });
  return {
    wsdlUrl: `${endpoint}?wsdl`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

function subjectOf(row: SubjektiRow) {
  return {
    NumriBiznesit: row.nr_biznesit.trim(),
    Emri: row.emri,
    FormaLigjore: row.forma,
    Statusi: row.statusi,
    DataRegjistrimit: row.data_regj,
    ...(row.adresa_id === null ? {} : { AdresaId: String(row.adresa_id) }),
  };
}
