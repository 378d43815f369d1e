-- The two registries that live on PostgreSQL, created when the data volume is first initialised
-- (the postgres image runs /docker-entrypoint-initdb.d only on an empty volume). The seeder creates
-- them too when missing; creating them here, the way the seeder does, means the gateway's read-only
-- connections find them even before a first seed.
CREATE DATABASE civil_registry TEMPLATE template0 ENCODING 'UTF8';
CREATE DATABASE address_register TEMPLATE template0 ENCODING 'UTF8';
-- The gateway's own audit trail (who read whose data); `audit:migrate` makes its tables and roles.
CREATE DATABASE audit_trail TEMPLATE template0 ENCODING 'UTF8';

-- The gateway writes the audit trail as the role `audit:migrate` makes, with INSERT and SELECT only.
-- Production gives it its own role with CONNECT and SELECT only on the two registries too; this local
-- setup reads them as the superuser the seeder uses.
