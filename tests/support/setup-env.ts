import { inject } from "vitest";
import { TEST_AUTH_SECRET } from "./local-database";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;
