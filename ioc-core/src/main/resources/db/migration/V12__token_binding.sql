-- Access tokens name the user's row, not just his name: uid is random per row, so a user deleted
-- and created again under the same name is someone else to every token issued before. And
-- token_generation counts credential changes: a token carries the generation it was issued at,
-- and a new password, role, zones or a (re-)enabling makes every older token, access or refresh,
-- stop working. The trigger bumps it, so no writer of users can forget to.
ALTER TABLE users ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE users ADD COLUMN token_generation bigint NOT NULL DEFAULT 0;

CREATE FUNCTION users_token_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.uid := OLD.uid; -- a row's identity never changes
    IF NEW.password_hash IS DISTINCT FROM OLD.password_hash
        OR NEW.role IS DISTINCT FROM OLD.role
        OR NEW.zones IS DISTINCT FROM OLD.zones
        OR NEW.disabled IS DISTINCT FROM OLD.disabled THEN
        NEW.token_generation := OLD.token_generation + 1;
    ELSE
        NEW.token_generation := OLD.token_generation;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER users_token_generation BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_token_generation();

-- A refresh token works only at the generation it was issued at.
ALTER TABLE refresh_tokens ADD COLUMN token_generation bigint NOT NULL DEFAULT 0;
