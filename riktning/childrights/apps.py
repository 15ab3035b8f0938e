from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildRightsConfig(AppConfig):
    name = "riktning.childrights"
    label = "childrights"
    verbose_name = _("Child-rights assessments")

    def ready(self):
        # The action plan's and the proposal for a decision's Word files carry the assessment;
        # they ask for it by name (reports/sections.py) instead of importing this app.
        from riktning.reports import sections

        from . import docx

        sections.offer(
            "child_rights",
            heading=docx.heading,
            add=docx.add_assessment,
            add_body=docx.add_assessment_body,
        )
