import pytest

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory


@pytest.mark.django_db
def test_home_and_article_render(client):
    author = AuthorFactory()
    article = ArticleFactory(
        published=True, authors=[author], lead_image=ImageFactory(), tags=["Energy"]
    )
    assert client.get("/").status_code == 200
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert author.name in response.content.decode()
    assert client.get(author.get_absolute_url()).status_code == 200
    assert client.get(article.section.get_absolute_url()).status_code == 200
    assert client.get("/tags/energy/").status_code == 200
