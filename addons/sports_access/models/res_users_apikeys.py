"""The API key of an Arena proxy, hashed once per worker instead of on every request.

Odoo checks an API key by looking its rows up by the key's first characters (its index)
and hashing the key with 6,000 rounds of PBKDF2 against each row's stored hash: about
8 ms of every JSON-2 call, which a gate's ``verify`` cannot afford. Whether a key matches a
stored hash never changes (both are fixed: a key row is never rewritten), so a worker
remembers, for the keys of Arena proxy users, which stored hash a key was found to match,
under a SHA-256 of the key (never the key itself).

Nothing else is remembered: every request still runs the lookup, so a key that was
deleted or revoked, a key past its expiry and the key of an archived user stop working at
the next request in every worker, with no cache to clear. A wrong key never matches a
remembered hash (its SHA-256 differs) and is hashed in full as before.
"""

import hashlib

from odoo import models
from odoo.tools import SQL, consteq
from odoo.tools.lru import LRU

from odoo.addons.base.models.res_users import INDEX_SIZE, KEY_CRYPT_CONTEXT

# SHA-256 of a key -> the stored hash it matched, in this worker (process). The pairs are
# facts that never turn false, so the size only bounds the memory: one per proxy key used.
_MATCHED = LRU(1024)


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    def _check_credentials(self, *, scope, key):
        """The user of ``key`` for ``scope``, as Odoo decides it; a key of an Arena proxy
        user that matched its stored hash before in this worker is not hashed again."""
        if scope != "rpc" or not key:
            return super()._check_credentials(scope=scope, key=key)
        rows = self._arena_key_rows(scope, key)
        digest = hashlib.sha256(key.encode()).digest()
        matched = _MATCHED.get(digest)
        if matched is not None:
            for user_id, stored in rows:
                if consteq(stored, matched):
                    return user_id
        for user_id, stored in rows:
            if KEY_CRYPT_CONTEXT.verify(key, stored):
                if self._arena_remembers_key_of(user_id):
                    _MATCHED[digest] = stored
                return user_id
        return None

    def _arena_key_rows(self, scope, key):
        """``[(user id, stored hash)]`` of the keys that ``key`` may be: the same rows as
        Odoo's own check reads (same index, an active user, the scope, not expired)."""
        self.env.cr.execute(
            SQL(
                """SELECT k.user_id, k.key
                     FROM %(table)s k
                     JOIN res_users u ON u.id = k.user_id
                    WHERE u.active
                      AND k.index = %(index)s
                      AND (k.scope IS NULL OR k.scope = %(scope)s)
                      AND (k.expiration_date IS NULL
                           OR k.expiration_date >= now() AT TIME ZONE 'utc')""",
                table=SQL.identifier(self._table),
                index=key[:INDEX_SIZE],
                scope=scope,
            )
        )
        return self.env.cr.fetchall()

    def _arena_remembers_key_of(self, user_id):
        """Only the keys of Arena proxy users (the gates' hot path) are remembered; every
        other key is hashed on every request, as Odoo does.

        In SQL, not ``has_group``: the caller is not authenticated yet, and the ORM cannot
        compute the groups' definitions without a user. Only a direct membership counts
        (how ``_arena_proxy_provision`` makes proxy users), which can only remember less.
        """
        self.env.cr.execute(
            SQL(
                """SELECT 1
                     FROM res_groups_users_rel rel
                     JOIN ir_model_data imd
                       ON imd.model = 'res.groups' AND imd.res_id = rel.gid
                    WHERE rel.uid = %s
                      AND imd.module = 'sports_access' AND imd.name = 'group_arena_proxy'""",
                user_id,
            )
        )
        return bool(self.env.cr.fetchone())
