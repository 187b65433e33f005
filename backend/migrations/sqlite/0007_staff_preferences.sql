-- A staff member's remembered inbox filters, kept on the server so that they
-- follow the member from one device to another.
CREATE TABLE staff_preferences (
    staff_id TEXT PRIMARY KEY REFERENCES staff (id),
    inbox TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
