import type { Sources } from '../sources/index.js';

/** An operation a consumer of the seed documents sends, as the playground offers it. */
export interface Example {
  /** The consumer whose mandate the example runs under, as in the consumers file. */
  consumer: string;
  purpose: string | null;
  query: string;
  variables: Record<string, unknown>;
  /** Headers besides the credential and the purpose. */
  headers?: Record<string, string>;
}

/** Keys the examples ask for: synthetic ones in development, placeholders otherwise. */
export interface ExampleInputs {
  personalNumbers: string[];
  plate: string;
  /** An identity document of the first person. */
  documentNumber: string;
  /** A company some of the people own. */
  businessNumber: string;
  on: string;
}

const PLACEHOLDER_NUMBER = '<personal number>';

/** Placeholders to replace with the keys of the caller's own cases. */
export const PLACEHOLDER_INPUTS: ExampleInputs = {
  personalNumbers: [PLACEHOLDER_NUMBER],
  plate: '<plate, such as 01-234-AB>',
  documentNumber: '<ID card or passport number>',
  businessNumber: '<business number, nine digits>',
  on: '<YYYY-MM-DD>',
};

/**
 * Keys of the registries' own synthetic people and vehicles, so that every example answers: read
 * once, and only where the registries hold synthetic data.
 */
export async function syntheticInputs(sources: Sources, today: string): Promise<ExampleInputs> {
  const people = await sources.civil.searchPersons({}, null, 1000);
  const personalNumbers = people.map((person) => person.personalNumber);
  const vehicles = await sources.vehicle.vehiclesOfOwners(personalNumbers.slice(0, 200));
  const documents = await sources.civil.documentsOfHolders(personalNumbers.slice(0, 1));
  return {
    personalNumbers,
    plate: vehicles[0]?.plate ?? PLACEHOLDER_INPUTS.plate,
    documentNumber: documents[0]?.number ?? PLACEHOLDER_INPUTS.documentNumber,
    businessNumber: (await ownedCompany(sources, personalNumbers.slice(0, 200))) ?? PLACEHOLDER_INPUTS.businessNumber,
    on: today,
  };
}

// A company one of these people owns, asked of the business registry person by person; none when its
// service does not answer.
async function ownedCompany(sources: Sources, personalNumbers: readonly string[]): Promise<string | null> {
  try {
    for (const personalNumber of personalNumbers) {
      const [company] = await sources.business.companiesOwnedBy(personalNumber);
      if (company) return company.businessNumber;
    }
  } catch {
    // The examples show a placeholder instead.
  }
  return null;
}

// Who a person is, as the identity scope answers it: the bidder check and the voter check both ask it.
const IDENTITY = `
fragment Identity on Citizen {
  personalNumber
  firstName
  lastName
  dateOfBirth
  status
}
`;

/** The operations of each consumer of the seed documents, in the order the playground shows them. */
export function examplesFor(inputs: ExampleInputs): Example[] {
  const someone = inputs.personalNumbers[0] ?? PLACEHOLDER_NUMBER;
  return [
    {
      consumer: 'developer',
      purpose: 'development',
      query: `# The national data gateway: citizens, addresses, vehicles, identity documents and driving
# licences, read live from the registries that own them. Each tab holds what one system sends;
# its headers carry that system's credential and purpose. The documentation explorer (the book
# icon) says of every field which registry owns it and which scope reads it.
query Municipalities {
  municipalities { code nameSq nameSr region }
}
`,
      variables: {},
    },
    {
      consumer: 'payroll',
      purpose: 'payroll-verification',
      query: `# State payroll: are the employees alive, adult and holding a valid ID? Yes or no, and nothing else.
query PayrollVerification($personalNumbers: [PersonalNumber!]!, $on: Date!) {
  citizens(personalNumbers: $personalNumbers) {
    personalNumber
    isAlive
    isAdult(on: $on)
    hasValidIdentityDocument
  }
}
`,
      variables: { personalNumbers: inputs.personalNumbers, on: inputs.on },
    },
    {
      consumer: 'procurement',
      purpose: 'bidder-verification',
      query: `# E-procurement: who is the bidding company, is it in business, who owns it and who signs for
# it; for each owner who is a person, are they alive and do they hold a valid identity document?
# And is the ID card the bidder's representative showed theirs and in force?
query BidderCheck($businessNumber: String!, $personalNumber: PersonalNumber!, $documentNumber: String!) {
  company(businessNumber: $businessNumber) {
    businessNumber
    name
    legalForm
    status
    registeredOn
    owners {
      sharePercent
      person { ...Identity isAlive hasValidIdentityDocument }
      company { businessNumber name status }
    }
    representatives {
      role
      person { ...Identity isAlive hasValidIdentityDocument }
    }
  }
  verifyIdentityDocument(number: $documentNumber, personalNumber: $personalNumber) {
    belongsToPerson
    validOn
    status
  }
}
${IDENTITY}`,
      variables: { businessNumber: inputs.businessNumber, personalNumber: someone, documentNumber: inputs.documentNumber },
    },
    {
      consumer: 'cec',
      purpose: 'voter-registration',
      query: `# Election commission: a municipality's roll for an election, a page at a time (the whole roll
# as CSV: GET /exports/electoral-roll with the same three parameters), and where a voter lived on
# the cut-off date.
query ElectoralRoll($municipalityCode: Int!, $cutOffDate: Date!, $electionDay: Date!, $personalNumber: PersonalNumber!) {
  electoralRoll(municipalityCode: $municipalityCode, cutOffDate: $cutOffDate, electionDay: $electionDay, first: 20) {
    totalCount
    nodes {
      personalNumber
      lastName
      firstName
      dateOfBirth
      address { street houseNumber settlement { nameSq } }
    }
    pageInfo { endCursor hasNextPage }
  }
  citizen(personalNumber: $personalNumber) {
    ...Identity
    addressOn(date: $cutOffDate) {
      street
      houseNumber
      municipality { code nameSq nameSr }
    }
  }
}
${IDENTITY}`,
      variables: { municipalityCode: 1, cutOffDate: inputs.on, electionDay: inputs.on, personalNumber: someone },
    },
    {
      consumer: 'police',
      purpose: 'traffic-control',
      query: `# Police: the vehicle stopped, and who owns it.
query VehicleByPlate($plate: String!) {
  vehicle(plate: $plate) {
    plate
    make
    model
    colour
    status
    registrationExpiresOn
    owner {
      personalNumber
      firstName
      lastName
      address { street houseNumber municipality { nameSq } }
      drivingLicence { number categories status expiresOn }
    }
  }
}
`,
      variables: { plate: inputs.plate },
      headers: { 'X-Case-Reference': 'TC-2026-000123' },
    },
    {
      consumer: 'cra',
      purpose: 'civil-registration',
      query: `# Civil Registration Agency desk: the full record of a person.
query FullRecord($personalNumber: PersonalNumber!) {
  citizen(personalNumber: $personalNumber) {
    personalNumber
    firstName
    lastName
    fatherName
    sex
    dateOfBirth
    placeOfBirth { nameSq }
    maritalStatus
    status
    dateOfDeath
    address { street houseNumber apartment postalCode settlement { nameSq } municipality { nameSq } }
    household { personalNumber firstName lastName }
    father { personalNumber firstName lastName }
    mother { personalNumber firstName lastName }
    spouse { personalNumber firstName lastName }
    children { personalNumber firstName lastName }
    documents { kind number issuedOn expiresOn status }
    drivingLicence { number categories issuedOn expiresOn penaltyPoints status }
    vehicles { plate make model year status }
  }
}
`,
      variables: { personalNumber: someone },
    },
    {
      consumer: 'sms-reminders',
      purpose: 'document-expiry-reminder',
      query: `# SMS reminders: documents of living holders that expire within 30 days, in one municipality.
query ExpiringDocuments($withinDays: Int!, $municipalityCode: Int) {
  expiringDocuments(withinDays: $withinDays, municipalityCode: $municipalityCode, first: 20) {
    nodes {
      __typename
      number
      expiresOn
      holder { personalNumber firstName lastName }
    }
    pageInfo { endCursor hasNextPage }
  }
}
`,
      variables: { withinDays: 30, municipalityCode: 1 },
    },
    {
      consumer: 'citizen-portal',
      purpose: 'own-data',
      query: `# Citizen portal: who read my data, when and why. Its credential is a token the portal issues
# for the citizen signed in: it names the citizen, and this log is theirs alone.
query MyDataAccess {
  myDataAccess(first: 20) {
    nodes { at institution system purpose legalBasis fields }
    pageInfo { endCursor hasNextPage }
  }
}
`,
      variables: {},
    },
  ];
}
