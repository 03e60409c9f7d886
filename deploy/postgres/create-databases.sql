-- Each service owns its own database.
CREATE DATABASE hr;
CREATE DATABASE finance;
CREATE DATABASE workflow;
