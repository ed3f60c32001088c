-- Who closed a match (pass, unmatch, block, report); NULL when it expired or before this column.
-- A block is the blocker's to know: the other side is shown "unmatched".
ALTER TABLE matches ADD COLUMN closed_by INTEGER REFERENCES users(id);
