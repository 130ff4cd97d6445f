"""The admin's location widget: django-leaflet's map with the province and neighbour outlines (so
it is a map even offline), a place search over the gazetteer, and a coordinates field that takes
what an article prints ("40.19N 124.53E", "40°11'N 124°32'E"), parsed by projects.coordinates."""

from django import forms
from django.contrib.gis.geos import Point
from django.forms import Media
from django.http import JsonResponse
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletAdminWidget, LeafletGeoAdminMixin

from projects.coordinates import EXAMPLES, CoordinateError, format_coordinates, parse_coordinates
from projects.models.geo import place_point

# One name for the view both location admins (venture, place) serve; the widget's template reverses it.
LOCATE_URL_NAME = "projects_locate_coordinates"


def locate_coordinates(request):
    """What the widget needs while the editor types coordinates: the point the one parser reads (or
    its message, as a 400 naming the field) and the province the point lies in."""
    text = request.GET.get("coordinates", "")
    try:
        latitude, longitude = parse_coordinates(text)
    except CoordinateError as error:
        return JsonResponse({"coordinates": [str(error)]}, status=400)
    placement = place_point(Point(longitude, latitude, srid=4326))
    province = placement.province
    return JsonResponse(
        {
            "latitude": latitude,
            "longitude": longitude,
            "text": format_coordinates(latitude, longitude),
            "province": None
            if province is None
            else {"id": province.pk, "code": province.code, "name": province.name_en},
            "province_label": ""
            if province is None
            else _("Province for this point: %(name)s") % {"name": province.name_en},
            "warning": placement.warning,
            "refusal": placement.refusal,
        }
    )


class LocationWidget(LeafletAdminWidget):
    @property
    def media(self):
        return super().media + Media(
            js=["jvtracker/admin-location.js"], css={"screen": ["jvtracker/admin-location.css"]}
        )


class LocationAdminMixin(LeafletGeoAdminMixin):
    """django-leaflet's admin mixin with our widget and template (outlines, place search)."""

    widget = LocationWidget
    map_template = (
        "projects/location_widget.html"  # in projects/templates/: the form renderer reads app templates
    )

    def get_urls(self):
        view = self.admin_site.admin_view(locate_coordinates)
        return [path("locate/", view, name=LOCATE_URL_NAME), *super().get_urls()]


class CoordinatesFormMixin(forms.Form):
    """A text field beside the map for the point; when the editor changes it, it sets the point."""

    coordinates_target = "location"  # the model's point field

    coordinates = forms.CharField(
        required=False,
        max_length=200,
        label=_("Coordinates"),
        help_text=format_lazy(
            _("Latitude and longitude, as the source gives them ({examples}); or pick on the map."),
            examples=EXAMPLES,
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        point = getattr(self.instance, self.coordinates_target, None)
        if point is not None:
            self.fields["coordinates"].initial = format_coordinates(point.y, point.x)

    def clean_coordinates(self):
        # Runs after the point field's own cleaning (it comes first in the form), before clean():
        # the form's rules (a place's province, the border) then judge the typed point.
        text = (self.cleaned_data.get("coordinates") or "").strip()
        if "coordinates" not in self.changed_data or not text:
            return text
        try:
            latitude, longitude = parse_coordinates(text)
        except CoordinateError as error:
            raise forms.ValidationError(str(error), code="invalid_coordinates") from None
        self.cleaned_data[self.coordinates_target] = Point(longitude, latitude, srid=4326)
        return text
