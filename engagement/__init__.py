"""Buyer engagement: accounts, likes, favourites, comments, inquiries, chat, meetings, live
audience and analytics beacons, served to the static site by the public API (/api/v1/)."""
