/*
 * The part of `domo-scim-emulator --help` after the options: what a user needs to test their own
 * stack against the service without reading its source. The package README says the same at length.
 */

export const EMULATOR_HELP = `
Seed file (--seed, JSON; every part is optional; --persist files and GET /_emulator/state use the same format):
  {
    "attributes": [
      { "key": "franchise", "valueSources": ["managed"] },
      { "key": "ssoDepartment", "keyspace": "idp", "valueSources": ["idp"] }
    ],
    "idpOnlyWrites": "ignore",
    "roles": [{ "id": 101, "name": "Store Manager", "grants": ["card.edit", "alert.edit"] }],
    "users": [
      { "id": "1001", "userName": "jane@acme.example", "displayName": "Jane Doe", "roleId": 4,
        "title": "Cook", "department": "Kitchen", "mobilePhone": "+1 555 0101",
        "customAttributes": { "franchise": ["Sunbelt Tacos North"] } }
    ],
    "groups": [{ "id": "5001", "displayName": "Franchise - North", "members": ["1001"] }],
    "tokenOwner": { "userName": "admin@acme.example", "grants": ["Manage All Users", "Manage All Groups"] },
    "apiClients": [{ "clientId": "my-client", "clientSecret": "my-secret", "scopes": ["data"] }],
    "datasets": [
      { "id": "7c3e5a10-sales", "name": "Sales", "pdpEnabled": true,
        "columns": [{ "name": "Franchise", "type": "STRING" }, { "name": "Sales", "type": "DOUBLE" }],
        "rows": [["Sunbelt Tacos North", 48210.5]],
        "policies": [{ "id": 2, "name": "North", "users": [1001],
                       "filters": [{ "column": "Franchise", "values": ["Sunbelt Tacos North"], "operator": "EQUALS" }] }] }
    ]
  }
  attributes   the custom attribute catalog: key (exact case), valueSources idp|grant|managed,
               keyspace customer-defined (default)|domo-defined|idp, title, description, usedBy
  idpOnlyWrites what API writes to idp-only keys do: ignore (answered 200, value kept) or reject (400)
  users        id (numeric string), userName (email), roleId (default 4), displayName, title, department,
               employeeNumber, organization, managerId, hireDate (YYYY-MM-DD), employeeLocation, locale,
               timezone, mobilePhone, workPhone, alternateEmail, customAttributes, ownsDatasets
  groups       id, displayName (unique, any case), domoDisplayName, description, members (user ids)
  roles        custom roles (ids other than the system roles 1 Admin .. 5 Social), name (unique, any
               case), description, grants (ids GET /api/authorization/v1/authorities lists)
  tokenOwner   the grants of the token's owner (default: Manage All Users, Roles and Groups)
  apiClients   public-API clients for POST /oauth/token (client credentials; scopes default ["data"])
  datasets     columns (STRING|LONG|DOUBLE|DATE|DATETIME), rows in column order, pdpEnabled, policies
               (id, name, filters, users, groups; an "All Rows" system policy is added when missing)

Faults (POST /_emulator/faults with a JSON body, or emulator.addFault() in code):
  {"kind": "status", "status": 503, "method": "POST", "pathPattern": "^/Users$", "times": 1}
  kinds:  status (answer this status, optional raw body and retryAfter, nothing applied)
          error-after-apply (apply, then answer this status)   delay (ms, then apply)
          drop (close the socket, nothing applied)   accepted-not-applied (204, nothing applied)
          echo-credentials (error whose detail repeats the credentials sent)
          drops-fields (fields: [...]; a group or attribute definition write keeps those as they were)
          post-keeps-only (POST /Users keeps only userName, displayName, roles, custom attributes)
          query-unordered (query API rows in a new order each call unless ORDER BY)
          query-short (rows: n; query API answers miss the dataset's last n rows, COUNT(*) does not)
  which requests: method, pathPattern (regex on the logged path, e.g. "^/Users/1001$",
          "^/v1/datasets/"), times (default: no limit), and either everyNth or probability
          with seed (seeded draws: the same requests every run)

Admin API (same token; under /_emulator; not rate limited, not in the request log):
  GET /state                      the whole state in seed format
  GET /requests, DELETE /requests the request log; clear it
  POST /faults, DELETE /faults    add a fault; clear every fault
  PUT /rate-limit                 {"requests": 5, "perSeconds": 1, "retryAfter": "http-date",
                                   "retryAfterSeconds": 2}, or null for none
  PUT /token-owner                {"userName": "...", "grants": [...]}, or null for every grant
  PUT /users/<userName>           create or change a user "by hand" (seed format)
  PUT /groups/<displayName>       create or replace a group "by hand" (members: userNames or ids)
  PUT /roles/<name>               create or change a custom role "by hand" ({"description", "grants"};
                                  what the body leaves out keeps its value)

Request log entries (GET /_emulator/requests): method, path (relative to the SCIM root for SCIM,
  the full path for other APIs), query, status (0: not answered yet or dropped), body (when sent),
  fault (the fault kind that shaped the answer). Every API request is logged, 401s and 429s too.

Exit codes: 0 stopped by SIGINT/SIGTERM or --help, 1 failure, 2 bad option, seed or missing token.
`;
