"""Where stories and assignments take place: province → region (COROP) → municipality.

The hierarchy matters for publication: a figure that rests on too few narrators in a
municipality is merged upward into its region, then its province.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A COROP region: CBS's standard grouping of municipalities within a province."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    province = models.ForeignKey(Province, verbose_name=_("provincie"), on_delete=models.PROTECT,
                                 related_name="regions")

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("regio"), on_delete=models.PROTECT,
                               related_name="municipalities")
    active = models.BooleanField(_("bestaat nog"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name

    @property
    def province(self) -> Province:
        return self.region.province
