"""The coordinators' review area: views, forms, filters and permissions for the admin."""
