import { stringify } from 'csv-stringify/sync';
import type { AccessRecorder } from '../audit/auditTrail.js';
import { accessEvent, type AnsweredRequest } from '../audit/records.js';
import type { Caller } from '../auth/authenticate.js';
import { voterPosition, type Voter, type VoterPosition } from '../domain.js';
import { rollQuery, type ElectoralRollQuery } from '../listings/index.js';
import type { Fetchers } from '../loaders/index.js';
import type { Sources } from '../sources/index.js';

/** How an exported roll is written: CSV with a header line, or one JSON object a line. */
export const ROLL_FORMATS = ['csv', 'ndjson'] as const;
export type RollFormat = (typeof ROLL_FORMATS)[number];

/** What an export reads with and records to. */
export interface RollExportDependencies {
  sources: Sources;
  /** The batch reads behind the loaders, through the cache. */
  fetchers: Fetchers;
  trail: AccessRecorder;
}

// Voters read, recorded and written at a time: all the export holds in memory, however long the roll.
export const EXPORT_PAGE = 5000;

// A voter as the export writes them, in column order: who they are, and the address of the cut-off date.
const COLUMNS = [
  'personalNumber', 'lastName', 'firstName', 'fatherName', 'sex', 'dateOfBirth',
  'addressId', 'street', 'houseNumber', 'apartment', 'postalCode', 'settlement',
] as const;
type ExportedVoter = Record<(typeof COLUMNS)[number], string | null>;

// What each voter's access record says was read of them, as the graph names it.
const FIELD_PATHS = [
  'address.apartment', 'address.houseNumber', 'address.id', 'address.postalCode', 'address.settlement.nameSq', 'address.street',
  'dateOfBirth', 'fatherName', 'firstName', 'lastName', 'personalNumber', 'sex',
];

/**
 * A whole electoral roll as text, in roll order, a page at a time: each page's voters are recorded in
 * the trail, as a bulk read of each, before its text is given out. Throws `AuditUnavailableError` when
 * a page could not be recorded; what was given out before stays recorded.
 */
export async function* exportedRoll(
  dependencies: RollExportDependencies,
  query: ElectoralRollQuery,
  format: RollFormat,
  caller: Caller,
  request: AnsweredRequest,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<string> {
  const { sources, fetchers, trail } = dependencies;
  const roll = rollQuery(query, await sources.address.addressIdsInMunicipality(query.municipalityCode));
  let after: VoterPosition | null = null;
  for (let page = 0; ; page++) {
    const voters = await sources.civil.electoralRoll(roll, after, pageSize);
    const rows = await exportedVoters(fetchers, voters);
    await trail.record(accessEvent(caller, request, voters.map((voter) => [voter.personalNumber, FIELD_PATHS] as const)));
    // The header comes with the first page, even of an empty roll.
    if (format === 'csv') yield stringify(rows, { header: page === 0, columns: [...COLUMNS] });
    else if (rows.length > 0) yield rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    if (voters.length < pageSize) return;
    after = voterPosition(voters[voters.length - 1]!);
  }
}

// The voters with their addresses and settlements, each read once for the page, through the cache.
async function exportedVoters(fetchers: Fetchers, voters: readonly Voter[]): Promise<ExportedVoter[]> {
  const addressIds = [...new Set(voters.map((voter) => voter.rollAddressId))];
  const addresses = new Map((await fetchers.addressById(addressIds)).flatMap((address) => (address ? [[address.id, address] as const] : [])));
  const settlementIds = [...new Set([...addresses.values()].map((address) => address.settlementId))];
  const settlements = new Map((await fetchers.settlementById(settlementIds)).flatMap((settlement) => (settlement ? [[settlement.id, settlement] as const] : [])));
  return voters.map((voter) => {
    const address = addresses.get(voter.rollAddressId);
    return {
      personalNumber: voter.personalNumber,
      lastName: voter.lastName,
      firstName: voter.firstName,
      fatherName: voter.fatherName,
      sex: voter.sex,
      dateOfBirth: voter.dateOfBirth,
      addressId: voter.rollAddressId,
      street: address?.street ?? null,
      houseNumber: address?.houseNumber ?? null,
      apartment: address?.apartment ?? null,
      postalCode: address?.postalCode ?? null,
      settlement: (address && settlements.get(address.settlementId)?.nameSq) ?? null,
    };
  });
}
