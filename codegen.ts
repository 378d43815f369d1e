import type { CodegenConfig } from '@graphql-codegen/cli';

// `npm run schema:types`: the resolvers' types from the SDL, checked in and held to it by a test.
// Module paths are relative to the generated file.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'resolvers/types.generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../src/context.js#RequestContext',
        // What the resolvers receive and return: the domain entities, not the GraphQL shapes. The suffix
        // keeps an entity's import apart from the generated type of the same name.
        mapperTypeSuffix: 'Entity',
        mappers: {
          Citizen: '../src/domain.js#Citizen',
          Address: '../src/domain.js#Address',
          Settlement: '../src/domain.js#Settlement',
          Municipality: '../src/domain.js#Municipality',
          Document: '../src/domain.js#ExpiringDocument',
          IdentityDocument: '../src/domain.js#IdentityDocument',
          IdentityDocumentCheck: '../src/domain.js#IdentityDocumentCheck',
          DrivingLicence: '../src/domain.js#DrivingLicence',
          Residence: '../src/domain.js#Residence',
          Voter: '../src/domain.js#Voter',
          Company: '../src/domain.js#Company',
          CompanyOwnership: '../src/domain.js#CompanyOwner',
          CompanyRepresentative: '../src/domain.js#CompanyRepresentative',
          VoterConnection: '../src/listings/index.js#ElectoralRollPage',
          Vehicle: '../src/domain.js#Vehicle',
          DataAccess: '../src/audit/records.js#PersonalAccess',
        },
        scalars: { PersonalNumber: 'string', Date: 'string' },
        // A new scalar fails generation until it is given a type here, rather than becoming `any`.
        strictScalars: true,
        // The domain's enums are string unions.
        enumsAsTypes: true,
        // A resolver for a type or field the SDL lacks is a compile error, not an extra key.
        useIndexSignature: false,
        useTypeImports: true,
      },
    },
  },
};

export default config;
