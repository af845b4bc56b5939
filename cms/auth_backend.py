"""Django's ModelBackend, loading what every signed-in API call asks about the user in
the same query (SPEC 6.1.3: the API's hot paths are a handful of queries).

A like, a comment or a message checks whether the caller is a verified buyer; reading the
buyer account with the user saves a query on each of them.
"""

from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        queryset = self.get_user_queryset().select_related("buyer_account")
        try:
            user = queryset.get(pk=user_id)  # not .first(): no ORDER BY to compile and run
        except (queryset.model.DoesNotExist, ValueError, TypeError):
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_queryset(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.all()
