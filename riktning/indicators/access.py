"""Who may see indicators and give their values.

- The indicator catalogue and its values are public: an indicator is the definition of a measure,
  not a steering decision (what stays hidden is the goals of versions a person may not see).
- The coordinator gives values of every indicator and fetches values from Kolada for the whole
  catalogue; an editor uploads or types in values of an indicator their organisation is
  responsible for, directly or through one of its parts; readers and anonymous visitors never.

Built on the core in riktning/accounts/access.py.
"""

from riktning.accounts.access import can_act_for, found, is_coordinator, is_member, own, require

from .models import Indicator, SyncJob


def can_enter_data(user, indicator) -> bool:
    """May the user upload or type in values of `indicator`? The coordinator for every indicator;
    an editor for an indicator their organisation is responsible for, directly or through one of
    its parts (a unit of the administration); readers and anonymous visitors never."""
    if is_coordinator(user):
        return True
    if not is_member(user):  # before reading the organisation tree: the public's every visit
        return False
    responsible = indicator.responsible
    if responsible is None:
        return False
    return any(can_act_for(user, org) for org in [responsible, *responsible.ancestors()])


def can_sync_sources(user) -> bool:
    """Fetching values from Kolada for the whole catalogue is the coordinator's."""
    return is_coordinator(user)


def can_manage_catalogue(user) -> bool:
    """Adding and changing the catalogue's entries is the coordinator's, with the rest of the
    steering work (strategy.access.can_manage_strategy)."""
    return is_coordinator(user)


def require_sync_manager(user) -> None:
    require(user, can_sync_sources(user))


def require_catalogue_manager(user) -> None:
    require(user, can_manage_catalogue(user))


# --- fetchers --------------------------------------------------------------------------------


def get_indicator_for_view(user, pk) -> Indicator:
    """Any indicator of the catalogue (public), else 404."""
    return found(Indicator.objects.select_related("responsible").filter(pk=pk))


def get_indicator_for_data_entry(user, pk) -> Indicator:
    """An indicator whose values the user may upload or type in."""
    indicators = Indicator.objects.select_related("responsible").filter(pk=pk)
    return own(user, indicators, lambda indicator: can_enter_data(user, indicator))


def get_indicator_for_edit(user, pk) -> Indicator:
    require_catalogue_manager(user)
    return found(Indicator.objects.filter(pk=pk))


def get_sync_job_for_view(user, pk) -> SyncJob:
    """A Kolada sync job: the coordinator's to start and follow."""
    require_sync_manager(user)
    return found(SyncJob.objects.select_related("batch", "requested_by").filter(pk=pk))
