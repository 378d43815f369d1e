-- The two registries that live on PostgreSQL. The seeder would create them too; creating them here
-- lets the gateway's read-only connections find them even before the first seed.
CREATE DATABASE civil_registry;
CREATE DATABASE address_register;
